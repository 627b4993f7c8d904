package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Native histograms end to end: the real Prometheus (Debian's 2.42) with {@code
 * --enable-feature=native-histograms} scrapes the agent (protobuf, so native buckets) on a Spark
 * app whose routes sleep 20, 50 and 200 ms, and {@code histogram_quantile} over the native series
 * gives each route's latency within the schema's relative error.
 *
 * <p>The bound: Prometheus interpolates inside the native bucket that holds the observation of
 * rank ceil(q n), so its answer is within a factor {@code base = 2^(2^-schema)} of that
 * observation; and that observation (server side) is at least the sleep and at most the same rank
 * of the client's round trips. So sleep / base <= answer <= client quantile * base. The classic
 * buckets (0.01, 0.025, 0.05, 0.1, 0.25) could only place 20 ms "somewhere in (10, 25] ms".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NativeHistogramIT {
  static final Duration SCRAPE_WAIT = Duration.ofSeconds(90);
  static final Pattern LISTENING = Pattern.compile("(?m)^latency-app listening on http://127\\.0\\.0\\.1:(\\d+)$");
  static final int[] SLEEPS_MS = {20, 50, 200};
  static final int REQUESTS_PER_ROUTE = 12;
  static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  static final String SPAN = "b7ad6b7169203331";

  /** Panels of the dashboard that read the native series: their titles end with this. */
  static final String NATIVE_PANEL = "(native)";

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private Path prometheusBin;
  private Child app;
  private URI appUrl;
  private Prometheus prometheus;
  private Prometheus classic; // without native ingestion: the text format, classic buckets
  private Instant trafficStart;
  private Instant evaluateAt;

  /** Route -> the client's round trips in seconds, ascending. */
  private final Map<String, List<Double>> clientSeconds = new TreeMap<>();

  @BeforeAll
  void startStack() throws Exception {
    prometheusBin = Stack.findTool("prometheus", "prometheus.bin", "/usr/bin/prometheus");
    if (prometheusBin == null) {
      return; // every test skips, see needsPrometheus
    }
    Path dir = Stack.workDir("native-histograms");
    try {
      int metricsPort = Stack.freePort();
      app = startApp(dir, metricsPort);
      String instance = "127.0.0.1:" + metricsPort;
      Path config =
          Prometheus.writeConfig(Stack.repo("scripts/prometheus/prometheus.yml"), dir, instance, "1s");
      prometheus =
          Prometheus.start(prometheusBin, config, dir, "--enable-feature=native-histograms",
              "--enable-feature=exemplar-storage");
      Path classicDir = dir.resolve("classic");
      java.nio.file.Files.createDirectories(classicDir);
      classic =
          Prometheus.start(prometheusBin,
              Prometheus.writeConfig(Stack.repo("scripts/prometheus/prometheus.yml"), classicDir, instance, "1s"),
              classicDir);
      await("target " + instance + " up", () -> prometheus.value("up{job=\"metrics-agent\"}") == 1.0);
      await("target " + instance + " up (classic)", () -> classic.value("up{job=\"metrics-agent\"}") == 1.0);
      String classicAtZero =
          "count(http_request_duration_seconds_count{job=\"metrics-agent\", endpoint=~\"/sleep.*\"})";
      await(classicAtZero + " == 3", () -> classic.value(classicAtZero) == 3.0);
      // The routes' series exist at zero before the traffic (route inventory): rate() sees it all.
      String atZero = "count(http_request_duration_seconds{job=\"metrics-agent\", endpoint=~\"/sleep.*\"})";
      await(atZero + " == 3", () -> prometheus.value(atZero) == 3.0);

      trafficStart = Instant.now();
      for (int i = 0; i < REQUESTS_PER_ROUTE; i++) {
        for (int ms : SLEEPS_MS) {
          String route = "/sleep" + ms;
          long t0 = System.nanoTime();
          get(route, i == 0 ? "00-" + TRACE + "-" + SPAN + "-01" : null);
          clientSeconds.computeIfAbsent(route, k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e9);
        }
      }
      clientSeconds.values().forEach(Collections::sort);
      int total = SLEEPS_MS.length * REQUESTS_PER_ROUTE;
      String count = "sum(histogram_count(http_request_duration_seconds{job=\"metrics-agent\"}))";
      await(count + " == " + total, () -> prometheus.value(count) == total);
      String classicCount = "sum(http_request_duration_seconds_count{job=\"metrics-agent\"})";
      await(classicCount + " == " + total, () -> classic.value(classicCount) == total);
      evaluateAt = Instant.now();
      assertTrue(Duration.between(trafficStart, evaluateAt).getSeconds() < 50,
          "the traffic and its scrape took longer than the 1m rate window allows");
    } catch (Throwable t) {
      stopStack();
      throw t;
    }
  }

  @BeforeEach
  void needsPrometheus() {
    Stack.assumeTool(prometheusBin, "prometheus", "prometheus.bin", "/usr/bin/prometheus");
  }

  @AfterAll
  void stopStack() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (classic != null) {
      classic.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void nativeQuantilesAreEachRoutesLatencyWithinTheSchemasError() {
    double base = bucketGrowth("/sleep20");
    assertTrue(base > 1 && base <= Math.pow(2, Math.pow(2, -3)), "bucket growth factor " + base);
    for (double q : new double[] {0.5, 0.99}) {
      String expr =
          "histogram_quantile(" + q + ", sum by (endpoint) (rate(http_request_duration_seconds{job=\"metrics-agent\"}[1m])))";
      Map<String, Double> got = byEndpoint(prometheus.queryAt(expr, evaluateAt));
      assertEquals(clientSeconds.keySet(), got.keySet(), expr);
      for (int ms : SLEEPS_MS) {
        String route = "/sleep" + ms;
        List<Double> client = clientSeconds.get(route);
        double rankValue = client.get((int) Math.ceil(q * client.size()) - 1);
        double low = ms / 1000.0 / base;
        double high = rankValue * base;
        double v = got.get(route);
        System.out.printf("[stack-tests] native p%s of %s: %.5f s (sleep %d ms, client %.5f s, base %.5f)%n",
            q * 100, route, v, ms, rankValue, base);
        assertTrue(v >= low * (1 - 1e-9) && v <= high * (1 + 1e-9),
            "p" + q * 100 + " of " + route + " = " + v + ", expected within [" + low + ", " + high + "]");
      }
    }
  }

  /**
   * The same agent at the same time, scraped by a Prometheus without native ingestion (text
   * format): the classic buckets, as before. Prometheus 2.42 with native ingestion keeps only the
   * native series of a histogram that has both (2.45+: {@code scrape_classic_histograms: true}
   * keeps both; see docs/monitoring.md), so "side by side" here is two servers.
   */
  @Test
  void theClassicSeriesStayQueryableSideBySide() {
    String expr =
        "histogram_quantile(0.5, sum by (le, endpoint) (rate(http_request_duration_seconds_bucket{job=\"metrics-agent\"}[1m])))";
    Map<String, Double> got = byEndpoint(classic.queryAt(expr, evaluateAt));
    assertEquals(clientSeconds.keySet(), got.keySet(), expr);
    double[] bounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5};
    for (int ms : SLEEPS_MS) {
      String route = "/sleep" + ms;
      double v = got.get(route);
      double p50 = clientSeconds.get(route).get(REQUESTS_PER_ROUTE / 2 - 1);
      // linear interpolation in the classic bucket of the median: anywhere in it
      double low = 0;
      double high = 0;
      for (int i = 1; i < bounds.length; i++) {
        if (bounds[i - 1] < ms / 1000.0 && ms / 1000.0 <= bounds[i]) {
          low = bounds[i - 1];
        }
        if (bounds[i - 1] < p50 && p50 <= bounds[i]) {
          high = bounds[i];
        }
      }
      System.out.printf("[stack-tests] classic p50 of %s: %.5f s (bucket bounds %s..%s)%n", route, v, low, high);
      assertTrue(v >= low && v <= high, "classic p50 of " + route + " = " + v + " not in [" + low + ", " + high + "]");
    }
    System.out.println("[stack-tests] classic _bucket series in the native-ingesting Prometheus 2.42: "
        + prometheus.queryAt("count(http_request_duration_seconds_bucket)", evaluateAt));
  }

  @Test
  void exemplarsAreOnTheNativeSeries() throws InterruptedException {
    long deadline = System.nanoTime() + SCRAPE_WAIT.toNanos();
    Set<String> got = exemplars();
    while (got.size() < SLEEPS_MS.length && System.nanoTime() < deadline) {
      Thread.sleep(250);
      got = exemplars();
    }
    Set<String> want = new TreeSet<>();
    for (int ms : SLEEPS_MS) {
      want.add("/sleep" + ms + " " + TRACE + "/" + SPAN);
    }
    assertEquals(want, got, "exemplars of http_request_duration_seconds (native)");
  }

  private Set<String> exemplars() {
    JsonNode series =
        prometheus.exemplars("http_request_duration_seconds{job=\"metrics-agent\"}",
            trafficStart.minusSeconds(60), Instant.now().plusSeconds(60));
    Set<String> out = new TreeSet<>();
    for (JsonNode s : series) {
      String endpoint = s.path("seriesLabels").path("endpoint").asText();
      assertFalse(s.path("seriesLabels").has("le"), "a native series has no le: " + s);
      for (JsonNode e : s.path("exemplars")) {
        out.add(endpoint + " " + e.path("labels").path("trace_id").asText() + "/"
            + e.path("labels").path("span_id").asText());
      }
    }
    return out;
  }

  /** The native dashboard panels' queries all evaluate, with data, on the native series. */
  @Test
  void theDashboardsNativePanelsHaveData() {
    JsonNode dashboard = Stack.readJson(Exprs.DASHBOARD);
    List<String> problems = new ArrayList<>();
    int evaluated = 0;
    for (Exprs.Query q : Exprs.dashboardTargets(dashboard)) {
      if (!q.source.contains(NATIVE_PANEL + " /")) {
        continue;
      }
      String expr = Exprs.substitute(q.expr);
      JsonNode r = prometheus.queryResponse(expr);
      evaluated++;
      if (!"success".equals(r.path("status").asText())) {
        problems.add(q.source + ": " + r.path("error").asText() + "\n      " + expr);
      } else if (r.path("data").path("result").size() == 0) {
        problems.add(q.source + ": empty result\n      " + expr);
      }
    }
    assertTrue(evaluated >= 3, "native latency panels in the dashboard: " + evaluated);
    assertTrue(problems.isEmpty(), "native dashboard queries:\n  " + String.join("\n  ", problems));
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** The largest upper/lower ratio of a populated bucket of the route's native series. */
  private double bucketGrowth(String endpoint) {
    JsonNode r =
        prometheus.queryAt(
            "http_request_duration_seconds{job=\"metrics-agent\", endpoint=\"" + endpoint + "\"}", evaluateAt);
    assertEquals(1, r.size(), "one native series for " + endpoint + ": " + r);
    JsonNode buckets = r.get(0).path("histogram").get(1).path("buckets");
    double base = 0;
    for (JsonNode b : buckets) {
      double lower = b.get(1).asDouble();
      double upper = b.get(2).asDouble();
      if (lower > 0) {
        base = Math.max(base, upper / lower);
      }
    }
    assertTrue(base > 0, "no bucket in " + r);
    return base;
  }

  private static Map<String, Double> byEndpoint(JsonNode result) {
    Map<String, Double> out = new TreeMap<>();
    for (JsonNode s : result) {
      String e = s.path("metric").path("endpoint").asText();
      if (e.startsWith("/sleep")) {
        out.put(e, Double.parseDouble(s.path("value").get(1).asText()));
      }
    }
    return out;
  }

  private Child startApp(Path dir, int metricsPort) throws InterruptedException {
    Path agent = Stack.requireJar("metricsAgent.jar", "agent/target/metrics-agent.jar");
    Path demo = Stack.requireJar("demoApp.jar", "demo-app/target/demo-app.jar");
    Child c =
        Child.start(
            "latency app with metrics-agent",
            List.of(
                DemoApp.javaBin(),
                "-Xmx128m",
                "-javaagent:" + agent + "=port=" + metricsPort + ",host=127.0.0.1",
                "-cp",
                demo.toString(),
                Stack.repo("stack-tests/src/test/resources/fixtures/LatencyApp.java").toString()),
            dir,
            dir.resolve("latency-app.log"),
            Map.of());
    try {
      Matcher m = c.awaitLine(LISTENING, Duration.ofSeconds(120));
      appUrl = URI.create("http://127.0.0.1:" + m.group(1));
      c.awaitLine(DemoApp.SERVING, Duration.ofSeconds(60));
      Matcher err = DemoApp.AGENT_ERROR.matcher(c.output());
      if (err.find()) {
        throw new AssertionError("the agent failed: " + err.group() + "; log " + c.log);
      }
      return c;
    } catch (AssertionError | RuntimeException | InterruptedException e) {
      c.close();
      throw e;
    }
  }

  private void get(String path, String traceparent) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(appUrl.resolve(path)).timeout(Duration.ofSeconds(30));
    if (traceparent != null) {
      b.header("traceparent", traceparent);
    }
    HttpResponse<String> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), "GET " + path + " answered " + r.body());
  }

  private void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + SCRAPE_WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + SCRAPE_WAIT.getSeconds() + " s waiting for " + what
            + "; prometheus log " + prometheus.child.log + ", app log " + app.log);
      }
      if (!app.process.isAlive()) {
        fail("the latency app died; log " + app.log + ":" + app.tail());
      }
      Thread.sleep(250);
    }
  }
}
