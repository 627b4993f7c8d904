package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What the agent knows from inside Spark's routing, on the Spark fixture in one child
 * JVM: the route inventory before any request, the route of requests stopped before routing,
 * a route's own 404 against an unknown path, in-progress, sizes, exemplars and the exclude
 * check. The tests run in order: the first one needs a JVM that has served no request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouteIntelligenceIT {
  private static final String REQUESTS = "http_requests_total";
  private static final String DURATION_COUNT = "http_request_duration_seconds_count";
  private static final String IN_PROGRESS = "http_requests_in_progress";
  private static final String ROUTE_INFO = "http_route_info";
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN_ID = "b7ad6b7169203331";

  /** The fixture's routes (method endpoint) after start-up; /hello is excluded. */
  private static final List<String> START_UP_ROUTES =
      List.of(
          "GET /items/:id", "PUT /items/:id", "DELETE /items/:id", "GET /secure/data",
          "GET /teapot", "GET /boom", "GET /teapot-after", "GET /old", "GET /nothing",
          "GET /trail", "GET /slow", "GET /api/v1/ping", "POST /api/v1/echo", "GET /things/:id",
          "GET /fragile/:id", "POST /admin/routes", "GET /late");

  private ChildJvm app;
  private int metricsPort;
  private Http http;
  private final SortedMap<String, Double> expected = new TreeMap<>();

  @BeforeAll
  void start() {
    metricsPort = FreePort.find();
    app =
        ChildJvm.builder(getClass().getSimpleName(), "fixture")
            .agent(
                "port=" + metricsPort + ",host=127.0.0.1,sizes=true,exclude=/hello|/not/a/route")
            .jar(Artifacts.sparkFixtureJar())
            .args("--port", "0")
            .start();
    int appPort =
        Integer.parseInt(app.awaitStdout("fixture listening on http://localhost:(\\d+)").group(1));
    app.awaitStderr("serving metrics on");
    http = new Http(appPort);
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.destroy();
    }
  }

  private static SortedSet<String> routeKeys(String metric, List<String> routes) {
    SortedSet<String> keys = new TreeSet<>();
    for (String r : routes) {
      String[] mt = r.split(" ");
      keys.add(Scrape.key(metric, "method", mt[0], "endpoint", mt[1]));
    }
    return keys;
  }

  @Test
  @Order(1)
  void everyRouteIsListedWithZeroSeriesBeforeItsFirstRequest() {
    Scrape s = Scrape.of(metricsPort);
    assertEquals(routeKeys(ROUTE_INFO, START_UP_ROUTES), s.seriesNamed(ROUTE_INFO).keySet(), s.text());
    assertTrue(s.seriesNamed(ROUTE_INFO).values().stream().allMatch(v -> v == 1.0));
    SortedMap<String, Double> zeros = new TreeMap<>();
    for (String k : routeKeys(DURATION_COUNT, START_UP_ROUTES)) {
      zeros.put(k, 0.0);
    }
    assertEquals(zeros, s.seriesNamed(DURATION_COUNT), "rate() works from the first scrape");
    assertEquals(
        routeKeys(IN_PROGRESS, START_UP_ROUTES), s.seriesNamed(IN_PROGRESS).keySet());
    assertEquals(0.0, s.sum(IN_PROGRESS));
    assertEquals(Map.of(), s.seriesNamed(REQUESTS), "no request, no counter series");
    assertFalse(s.text().contains("/hello"), "excluded: not listed");
    assertTrue(
        app.agentLines().stream().noneMatch(l -> l.contains("exclude=")),
        "the exclude check waits for the first request: " + app.agentLines());
  }

  @Test
  @Order(2)
  void requestsCountUnderTheRouteTheyWouldHaveMatched() {
    send("GET", "/secure/data", null, 401, "GET", "/secure/data"); // halt(401) in a before filter
    send("GET", "/secure/data", null, 200, "GET", "/secure/data", "X-Token", "t");
    send("HEAD", "/secure/data", null, 401, "HEAD", "/secure/data"); // halted, found as GET
    send("GET", "/secure/nowhere", null, 401, "GET", "unmatched"); // halted, and no route
    send("GET", "/fragile/3", null, 500, "GET", "/fragile/:id", "X-Break", "1"); // filter threw
    send("GET", "/fragile/3", null, 200, "GET", "/fragile/:id");
    send("GET", "/things/2", null, 404, "GET", "/things/:id"); // the route's own 404
    send("GET", "/things/1", null, 200, "GET", "/things/:id");
    send("GET", "/no/such/path", null, 404, "GET", "unmatched");
    send("GET", "/late", null, 200, "GET", "/late");
    send("GET", "/hello", null, 200, null, null); // excluded
    send("POST", "/api/v1/echo", "x".repeat(1234), 200, "POST", "/api/v1/echo");
    send("POST", "/admin/routes?count=2", null, 200, "POST", "/admin/routes");

    double total = expected.values().stream().mapToDouble(Double::doubleValue).sum();
    Scrape s = Scrape.await(metricsPort, x -> x.sum(REQUESTS) >= total, Duration.ofSeconds(10));
    assertEquals(expected, s.seriesNamed(REQUESTS), app.describeOutput());
  }

  @Test
  @Order(3)
  void routesRegisteredAtRunTimeJoinTheInventory() {
    Scrape s = Scrape.of(metricsPort);
    for (String late : List.of("/dyn/0/:id", "/dyn/1/:id")) {
      assertEquals(1.0, s.value(ROUTE_INFO, "method", "GET", "endpoint", late), late);
      assertEquals(0.0, s.value(DURATION_COUNT, "method", "GET", "endpoint", late), late);
    }
  }

  @Test
  @Order(3)
  void sizesOfTheBodies() {
    Scrape s = Scrape.of(metricsPort);
    String[] echo = {"method", "POST", "endpoint", "/api/v1/echo"};
    assertEquals(1.0, s.value("http_request_size_bytes_count", echo));
    assertEquals(1234.0, s.value("http_request_size_bytes_sum", echo));
    assertEquals(1234.0, s.value("http_response_size_bytes_sum", echo));
    // a GET without a body is a zero-byte request, not an unknown one
    assertEquals(0.0, s.value("http_request_size_bytes_sum", "method", "GET", "endpoint", "/late"));
    assertEquals(
        (double) "registered after start".length(),
        s.value("http_response_size_bytes_sum", "method", "GET", "endpoint", "/late"));
  }

  @Test
  @Order(3)
  void anExcludeThatMatchesNoRouteIsWarnedAboutOnce() {
    List<String> warnings = new ArrayList<>();
    for (String l : app.agentLines()) {
      if (l.contains("exclude=")) {
        warnings.add(l);
      }
    }
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("WARNING: exclude=/not/a/route matches none of"), warnings.get(0));
  }

  @Test
  @Order(4)
  void traceparentBecomesAnExemplarInOpenMetricsAndProtobuf() throws Exception {
    String traceparent = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";
    assertEquals(200, http.get("/items/42", "traceparent", traceparent).status());
    String om = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!om.contains(TRACE_ID) && System.nanoTime() < deadline) {
      om = scrapeAs("application/openmetrics-text; version=1.0.0; charset=utf-8");
      Thread.sleep(100);
    }
    assertTrue(
        om.lines()
            .anyMatch(
                l -> l.startsWith("http_request_duration_seconds_bucket{endpoint=\"/items/:id\",method=\"GET\"")
                    && l.contains("# {span_id=\"" + SPAN_ID + "\",trace_id=\"" + TRACE_ID + "\"}")),
        om);
    String proto =
        scrapeAs(
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
                + " encoding=delimited");
    assertTrue(proto.contains(TRACE_ID) && proto.contains(SPAN_ID), "protobuf scrape has the exemplar");
  }

  @Test
  @Order(5)
  void inProgressFollowsARequestAndReturnsToZeroAfterLoad() throws Exception {
    CompletableFuture<Http.Reply> slow =
        CompletableFuture.supplyAsync(() -> http.get("/slow?ms=3000"));
    Scrape during =
        Scrape.await(
            metricsPort,
            x -> Double.valueOf(1.0).equals(x.value(IN_PROGRESS, "method", "GET", "endpoint", "/slow")),
            Duration.ofSeconds(10));
    assertEquals(1.0, during.value(IN_PROGRESS, "method", "GET", "endpoint", "/slow"), during.text());

    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> load = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int id = t;
      load.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 100; i++) {
                  http.get("/items/" + id);
                  http.get("/secure/data");
                  http.get("/things/" + i);
                }
              }));
    }
    for (Future<?> f : load) {
      f.get();
    }
    pool.shutdown();
    assertEquals(200, slow.get().status());
    Scrape after = Scrape.await(metricsPort, x -> x.sum(IN_PROGRESS) == 0.0, Duration.ofSeconds(10));
    assertEquals(0.0, after.sum(IN_PROGRESS), after.seriesNamed(IN_PROGRESS).toString());
  }

  private String scrapeAs(String accept) throws Exception {
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                    .header("Accept", accept)
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    return new String(r.body(), StandardCharsets.ISO_8859_1); // protobuf: bytes kept as chars
  }

  /** Sends one request, checks the answer, and adds the series it must count in (if any). */
  private void send(
      String method, String path, String body, int status, String labelMethod, String endpoint,
      String... headers) {
    Http.Reply r = http.send(method, path, body, headers);
    assertEquals(status, r.status(), method + " " + path + ": " + r.body());
    if (labelMethod != null) {
      expected.merge(
          Scrape.key(
              REQUESTS, "method", labelMethod, "endpoint", endpoint, "status_code",
              Integer.toString(status)),
          1.0,
          Double::sum);
    }
  }
}
