package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * End to end: traceparent exemplars, the route inventory and the in-progress gauge as a
 * real Prometheus stores and queries them.
 *
 * <p>A class of its own because exemplars need Prometheus started with {@code
 * --enable-feature=exemplar-storage}; PrometheusStackIT keeps the stock flags. Prometheus 2.42
 * always asks for OpenMetrics first, the only text format that carries exemplars, so the shipped
 * scrape config needs no change.
 *
 * <p>client_java (per series) keeps a custom exemplar in its bucket for at least 7 s
 * (minRetentionPeriod) and ignores traceparents for 90 ms after each one it considered
 * (sampleInterval). So a later request's traceparent may be dropped; the first one on a series
 * never is (all slots empty). Hence: one traceparent per
 * route, repeats of it on GET /products only, and the assertion "exactly these ids" per route.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExemplarStorageIT {
  static final Duration SCRAPE_WAIT = Duration.ofSeconds(90);

  // Ids from the W3C Trace Context examples and one made-up span: lower-case hex, not all zero.
  static final String TRACE_A = "0af7651916cd43dd8448eb211c80319c";
  static final String SPAN_A = "b7ad6b7169203331";
  static final String TRACE_B = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN_B1 = "00f067aa0ba902b7";
  static final String SPAN_B2 = "53995c3f42cd8ad8";

  /** The query of docs/stacks.md; the routes it must return are those the traffic below never calls. */
  static final String NEVER_CALLED =
      "http_route_info unless on(method, endpoint) (http_request_duration_seconds_count > 0)";

  /**
   * The same per target, as docs/monitoring.md shows it: with several apps or instances, {@code
   * on(method, endpoint)} alone lets a call to GET /health on one hide an uncalled GET /health on
   * another.
   */
  static final String NEVER_CALLED_PER_TARGET =
      "http_route_info{job=\"metrics-agent\"}"
          + " unless on(job, instance, method, endpoint) (http_request_duration_seconds_count > 0)";

  /**
   * "Not called in the last hour" rather than "since the app started". Works because each series
   * is pre-created at 0: increase() sees a first request as 0 -> 1, not as the series' baseline
   * (Prometheus scraped the zeros before the traffic: the up wait below).
   */
  static final String NOT_CALLED_RECENTLY =
      "http_route_info{job=\"metrics-agent\"} unless on(job, instance, method, endpoint)"
          + " (increase(http_request_duration_seconds_count[1h]) > 0)";

  static final Set<String> ROUTES =
      Set.of("GET /", "GET /health", "GET /products", "POST /products", "GET /products/:id",
          "PUT /products/:id", "DELETE /products/:id");
  static final Set<String> UNCALLED = Set.of("GET /", "PUT /products/:id", "DELETE /products/:id");

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private Path prometheusBin;
  private DemoApp app;
  private Prometheus prometheus;
  private Instant trafficStart;
  private int sent;

  @BeforeAll
  void startStack() throws Exception {
    prometheusBin = Stack.findTool("prometheus", "prometheus.bin", "/usr/bin/prometheus");
    if (prometheusBin == null) {
      return; // every test skips, see needsPrometheus
    }
    Path dir = Stack.workDir("exemplar-storage");
    try {
      app = DemoApp.start(dir);
      String instance = "127.0.0.1:" + app.metricsPort;
      Path config =
          Prometheus.writeConfig(Stack.repo("scripts/prometheus/prometheus.yml"), dir, instance, "1s");
      prometheus = Prometheus.start(prometheusBin, config, dir, "--enable-feature=exemplar-storage");
      // Also means one scrape of all-zero series before the traffic (see NOT_CALLED_RECENTLY).
      await("target " + instance + " up", () -> prometheus.value("up{job=\"metrics-agent\"}") == 1.0);

      trafficStart = Instant.now();
      for (int i = 0; i < 3; i++) {
        send("GET", "/products", null, traceparent(TRACE_A, SPAN_A), 200);
      }
      send("POST", "/products", "{\"id\": 1, \"name\": \"Pen\", \"price\": 1.5, \"amount\": 2}",
          traceparent(TRACE_B, SPAN_B1), 201);
      // Same trace, another span: the exemplar names the request's own span.
      send("GET", "/products/1", null, traceparent(TRACE_B, SPAN_B2), 200);
      // No exemplar for these: no header, an upper-case (invalid) one, an all-zero trace id.
      send("GET", "/health", null, null, 200);
      send("GET", "/health", null, traceparent(TRACE_A.toUpperCase(), SPAN_A), 200);
      send("GET", "/health", null, traceparent("0".repeat(32), SPAN_A), 200);

      String total = "sum(http_requests_total{job=\"metrics-agent\"})";
      await(total + " == " + sent, () -> prometheus.value(total) == sent);
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
    if (app != null) {
      app.close();
    }
  }

  @Test
  void durationExemplarsCarryTheRequestsTraceparent() throws InterruptedException {
    Map<String, Set<String>> want = new TreeMap<>();
    want.put("GET /products", Set.of(TRACE_A + "/" + SPAN_A));
    want.put("POST /products", Set.of(TRACE_B + "/" + SPAN_B1));
    want.put("GET /products/:id", Set.of(TRACE_B + "/" + SPAN_B2));
    // Exemplars arrive with the samples of the same scrape, so they are normally there already;
    // poll anyway rather than depend on that.
    long deadline = System.nanoTime() + SCRAPE_WAIT.toNanos();
    Map<String, Set<String>> got = exemplarsByRoute();
    while (!got.equals(want) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      got = exemplarsByRoute();
    }
    assertEquals(want, got, "trace_id/span_id of the duration exemplars by route; prometheus log "
        + prometheus.child.log + ", app log " + app.child.log);
  }

  @Test
  void routesNeverCalledAreTheRegisteredRoutesWithoutRequests() {
    assertEquals(ROUTES, routes("http_route_info{job=\"metrics-agent\"}"), "http_route_info");
    // Each route's histogram exists from the start, at 0 until called: what the query relies on.
    assertEquals(UNCALLED, routes("http_request_duration_seconds_count{job=\"metrics-agent\"} == 0"),
        "duration series at 0");
    assertEquals(UNCALLED, routes(NEVER_CALLED), NEVER_CALLED);
    assertEquals(UNCALLED, routes(NEVER_CALLED_PER_TARGET), NEVER_CALLED_PER_TARGET);
    assertEquals(UNCALLED, routes(NOT_CALLED_RECENTLY), NOT_CALLED_RECENTLY);
  }

  @Test
  void nothingInProgressAfterTheRequestsFinished() {
    // On an empty vector sum() is empty too (NaN here): so this also checks the gauge exists.
    assertEquals(0.0, prometheus.value("sum(http_requests_in_progress{job=\"metrics-agent\"})"));
    assertEquals(ROUTES, routes("http_requests_in_progress{job=\"metrics-agent\"}"), "in-progress series");
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static String traceparent(String traceId, String spanId) {
    return "00-" + traceId + "-" + spanId + "-01";
  }

  /** "METHOD endpoint" -> {"trace/span"} of every duration exemplar; checks each one's shape. */
  private Map<String, Set<String>> exemplarsByRoute() {
    // query_exemplars selects by exemplar timestamp, which the agent sets at observation time.
    JsonNode series =
        prometheus.exemplars("http_request_duration_seconds_bucket{job=\"metrics-agent\"}",
            trafficStart.minusSeconds(60), Instant.now().plusSeconds(60));
    Map<String, Set<String>> out = new TreeMap<>();
    for (JsonNode s : series) {
      JsonNode labels = s.path("seriesLabels");
      String route = labels.path("method").asText() + " " + labels.path("endpoint").asText();
      double le = Double.parseDouble(labels.path("le").asText());
      for (JsonNode e : s.path("exemplars")) {
        Set<String> names = new TreeSet<>();
        e.path("labels").fieldNames().forEachRemaining(names::add);
        assertEquals(Set.of("span_id", "trace_id"), names, "exemplar labels of " + labels + ": " + e);
        double v = e.path("value").asDouble();
        // The exemplar sits on the bucket its observation fell into: value <= le.
        assertTrue(v > 0 && v <= le, "exemplar value " + v + " on bucket le=" + le + " of " + route);
        out.computeIfAbsent(route, k -> new TreeSet<>())
            .add(e.path("labels").path("trace_id").asText() + "/" + e.path("labels").path("span_id").asText());
      }
    }
    return out;
  }

  /** "METHOD endpoint" of every series an instant query returns. */
  private Set<String> routes(String promql) {
    Set<String> out = new TreeSet<>();
    for (JsonNode s : prometheus.query(promql)) {
      out.add(s.path("metric").path("method").asText() + " " + s.path("metric").path("endpoint").asText());
    }
    return out;
  }

  private void send(String method, String path, String json, String traceparent, int status) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(app.url.resolve(path)).timeout(Duration.ofSeconds(30));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (traceparent != null) {
      b.header("traceparent", traceparent);
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    sent++;
    assertEquals(status, r.statusCode(), method + " " + path + " answered " + r.body());
  }

  private void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + SCRAPE_WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + SCRAPE_WAIT.getSeconds() + " s waiting for " + what
            + "; prometheus log " + prometheus.child.log + ", app log " + app.child.log);
      }
      if (!app.child.process.isAlive()) {
        fail("the demo app died; log " + app.child.log + ":" + app.child.tail());
      }
      Thread.sleep(250);
    }
  }
}
