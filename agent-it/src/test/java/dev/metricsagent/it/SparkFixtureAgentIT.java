package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The agent on the Spark fixture ({@code test-apps}): one child JVM, a fixed request sequence
 * covering every way Spark ends a request, then exact metric values.
 *
 * <p>Label rules checked here: {@code endpoint} is the route template as registered with
 * trailing slashes folded, {@code unmatched} when no route matched, {@code static} for static
 * files; {@code method} is the routed method, upper case, or {@code OTHER}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkFixtureAgentIT {
  private static final String REQUESTS = "http_requests_total";
  private static final String DURATION = "http_request_duration_seconds";

  private ChildJvm app;
  private int metricsPort;
  private Http http;

  /** Expected {@code http_requests_total} series key to value. */
  private final SortedMap<String, Double> expected = new TreeMap<>();

  private Scrape scrape;

  @BeforeAll
  void startFixtureAndSendTheSequence() {
    metricsPort = FreePort.find();
    app =
        ChildJvm.builder(getClass().getSimpleName(), "fixture")
            .agent("port=" + metricsPort + ",host=127.0.0.1")
            .jar(Artifacts.sparkFixtureJar())
            .args("--port", "0")
            .start();
    int appPort =
        Integer.parseInt(app.awaitStdout("fixture listening on http://localhost:(\\d+)").group(1));
    app.awaitStderr("serving metrics on");
    http = new Http(appPort);

    for (int i = 0; i < 3; i++) {
      send("GET", "/hello", 200, "GET", "/hello");
    }
    send("GET", "/items/1", 200, "GET", "/items/:id");
    send("GET", "/items/1", 200, "GET", "/items/:id");
    send("GET", "/items/2", 200, "GET", "/items/:id");
    send("PUT", "/items/5", 200, "PUT", "/items/:id");
    send("DELETE", "/items/5", 200, "DELETE", "/items/:id");
    // halt(401) in a before filter: Spark never looks up a route; the agent's own lookup at
    // exit finds the one it would have matched
    send("GET", "/secure/data", 401, "GET", "/secure/data");
    send("GET", "/secure/data", 200, "GET", "/secure/data", "X-Token", "t0ken");
    send("GET", "/teapot", 418, "GET", "/teapot"); // exception mapper
    send("GET", "/boom", 500, "GET", "/boom"); // uncaught: Spark's own 500
    send("GET", "/teapot-after", 202, "GET", "/teapot-after"); // status set by an after filter
    send("GET", "/old", 302, "GET", "/old");
    send("GET", "/index.html", 200, "GET", "static");
    send("GET", "/style.css", 200, "GET", "static");
    send("GET", "/nothing", 404, "GET", "/nothing"); // matched, but the route returned null
    send("GET", "/does/not/exist", 404, "GET", "unmatched");
    send("GET", "/does/not/exist", 404, "GET", "unmatched");
    // Spark looks HEAD up as HEAD, then as GET: the label keeps HEAD, with the GET template
    send("HEAD", "/hello", 200, "HEAD", "/hello");
    send("FOO", "/hello", 404, "OTHER", "unmatched");
    // Spark routes by the override header: DELETE /items/:id
    send("POST", "/items/1", 200, "DELETE", "/items/:id", "X-HTTP-Method-Override", "DELETE");
    send("GET", "/api/v1/ping", 200, "GET", "/api/v1/ping"); // inside path("/api", ...)
    send("GET", "/trail", 200, "GET", "/trail");
    send("GET", "/trail/", 200, "GET", "/trail"); // the "/trail/" route, folded

    double total = expected.values().stream().mapToDouble(Double::doubleValue).sum();
    scrape =
        Scrape.await(metricsPort, s -> s.sum(REQUESTS) >= total, Duration.ofSeconds(10));
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.destroy();
    }
  }

  /** Sends one request, checks the fixture's answer, and adds the series it must count in. */
  private void send(
      String method,
      String path,
      int status,
      String labelMethod,
      String endpoint,
      String... headers) {
    Http.Reply r = http.send(method, path, null, headers);
    assertEquals(status, r.status(), method + " " + path + ": " + r.body());
    expected.merge(
        Scrape.key(
            REQUESTS,
            "method", labelMethod,
            "endpoint", endpoint,
            "status_code", Integer.toString(status)),
        1.0,
        Double::sum);
  }

  @Test
  void requestCounterHasExactlyTheExpectedSeries() {
    assertEquals(expected, scrape.seriesNamed(REQUESTS), app.describeOutput());
  }

  @Test
  void histogramCountsMatchTheCounterPerMethodAndEndpoint() {
    SortedMap<String, Double> byRoute = new TreeMap<>();
    for (Map.Entry<String, Double> e : scrape.seriesNamed(REQUESTS).entrySet()) {
      Map<String, String> l = scrape.labelsOf(e.getKey());
      byRoute.merge(
          Scrape.key(DURATION + "_count", "method", l.get("method"), "endpoint", l.get("endpoint")),
          e.getValue(),
          Double::sum);
    }
    assertEquals(byRoute, Scrape.nonZero(scrape.seriesNamed(DURATION + "_count")));

    for (String countKey : byRoute.keySet()) {
      Map<String, String> l = scrape.labelsOf(countKey);
      String m = l.get("method");
      String ep = l.get("endpoint");
      assertEquals(
          scrape.value(DURATION + "_count", "method", m, "endpoint", ep),
          scrape.value(DURATION + "_bucket", "method", m, "endpoint", ep, "le", "+Inf"),
          "+Inf bucket of " + countKey);
      Double sum = scrape.value(DURATION + "_sum", "method", m, "endpoint", ep);
      assertTrue(sum != null && sum > 0, "_sum of " + countKey + ": " + sum);
    }
    assertEquals(
        scrape.seriesNamed(DURATION + "_count").size(), scrape.seriesNamed(DURATION + "_sum").size());
  }

  @Test
  void bucketsAreTheDefaultsAndCumulative() {
    for (String countKey : scrape.seriesNamed(DURATION + "_count").keySet()) {
      Map<String, String> l = scrape.labelsOf(countKey);
      List<Double> les = new ArrayList<>();
      List<Double> counts = new ArrayList<>();
      for (Map.Entry<String, Double> b : scrape.seriesNamed(DURATION + "_bucket").entrySet()) {
        Map<String, String> bl = scrape.labelsOf(b.getKey());
        if (bl.get("method").equals(l.get("method"))
            && bl.get("endpoint").equals(l.get("endpoint"))) {
          les.add(le(bl.get("le")));
          counts.add(b.getValue());
        }
      }
      // the map is ordered by key text, not by bound: sort the pairs by bound
      List<double[]> pairs = new ArrayList<>();
      for (int i = 0; i < les.size(); i++) {
        pairs.add(new double[] {les.get(i), counts.get(i)});
      }
      pairs.sort((a, b) -> Double.compare(a[0], b[0]));
      List<Double> bounds = new ArrayList<>();
      for (int i = 0; i < pairs.size(); i++) {
        bounds.add(pairs.get(i)[0]);
        if (i > 0) {
          assertTrue(pairs.get(i)[1] >= pairs.get(i - 1)[1], "cumulative buckets of " + countKey);
        }
      }
      assertEquals(
          List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
              Double.POSITIVE_INFINITY),
          bounds,
          countKey);
    }
  }

  static double le(String s) {
    return "+Inf".equals(s) ? Double.POSITIVE_INFINITY : Double.parseDouble(s);
  }

  @Test
  void processAndJvmMetricsAreExported() {
    Set<String> names = scrape.names();
    List<String> expected = new ArrayList<>(Scrape.PROCESS_METRICS);
    expected.addAll(
        List.of(
            "jvm_memory_used_bytes",
            "jvm_memory_committed_bytes",
            "jvm_threads_current",
            "jvm_classes_currently_loaded",
            "jvm_runtime_info"));
    for (String n : expected) {
      assertTrue(names.contains(n), n + " missing; names: " + names);
    }
    Double threads = scrape.value("process_threads");
    assertTrue(threads != null && threads > 1, "process_threads " + threads);
    // process_threads is the agent's own gauge (the OS count): exactly one series, no labels
    assertEquals(Set.of("process_threads"), scrape.seriesNamed("process_threads").keySet());
  }

  @Test
  void healthEndpointAnswers200() {
    assertEquals(200, Http.connectionPerRequest(metricsPort).get("/-/healthy").status());
  }

  @Test
  void openMetricsIsNegotiated() {
    Http.Reply r =
        Http.connectionPerRequest(metricsPort)
            .get(
                "/metrics",
                "Accept",
                "application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertEquals(200, r.status());
    assertTrue(
        r.header("Content-Type").startsWith("application/openmetrics-text"),
        r.header("Content-Type"));
    assertTrue(r.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
    assertTrue(r.body().contains("# TYPE http_requests counter"), "counter family in OpenMetrics");
  }

  @Test
  void agentLogsOnlyItsStartLine() {
    List<String> agentLines = app.agentLines();
    assertEquals(
        1,
        agentLines.stream().filter(l -> l.contains("serving metrics on")).count(),
        agentLines.toString());
    assertTrue(
        agentLines.stream()
            .noneMatch(
                l -> l.contains("[metrics-agent] WARNING") || l.contains("[metrics-agent] ERROR")),
        agentLines.toString());
    // and nothing else either: the serving line is the only one
    assertEquals(1, agentLines.size(), agentLines.toString());
    assertTrue(
        agentLines
            .get(0)
            .contains("serving metrics on http://127.0.0.1:" + metricsPort + "/metrics"),
        agentLines.get(0));
  }

  /**
   * The JVM's own "WARNING:" lines (illegal access, Unsafe, dynamic agent loading, CDS) are
   * printed on the host's stderr on the agent's behalf; neither Spark nor Jetty writes such lines.
   */
  @Test
  void theJvmPrintsNoWarningsOnTheAgentsBehalf() {
    List<String> warnings =
        app.stderrLines().stream().filter(l -> l.startsWith("WARNING:")).toList();
    assertEquals(List.of(), warnings, "on " + Artifacts.javaHome());
  }

  @Test
  void nothingButTheAppAndTheExporterListens() {
    Set<Integer> ports = new TreeSet<>(app.listeningPorts());
    assertTrue(ports.remove(metricsPort), "exporter port in " + ports);
    assertEquals(1, ports.size(), "only the app's port besides the exporter: " + ports);
  }
}
