package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Cardinality: no client input creates series, and {@code max_endpoints} caps the
 * templates an app registers, on the Spark fixture.
 */
class CardinalityIT {
  private static final String REQUESTS = "http_requests_total";

  /** The methods that keep their name as the label; everything else is OTHER. */
  private static final Set<String> STANDARD =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE");

  // CONNECT is standard too, but java.net.http refuses to send it
  private static final List<String> STANDARD_SENT =
      List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE");

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(30))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789-_.~";
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private static ChildJvm startFixture(String name, String options) {
    return ChildJvm.builder(CardinalityIT.class.getSimpleName(), name)
        .agent(options)
        .jar(Artifacts.sparkFixtureJar())
        .args("--port", "0")
        .start();
  }

  private static int appPort(ChildJvm app) {
    int port =
        Integer.parseInt(app.awaitStdout("fixture listening on http://localhost:(\\d+)").group(1));
    app.awaitStderr("serving metrics on");
    return port;
  }

  private static int status(int port, String method, String pathAndQuery) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return CLIENT.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String token(Random rnd, String alphabet, int min, int max) {
    int n = min + rnd.nextInt(max - min + 1);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /** A path no fixture route, filter or static file matches, with a random query string. */
  private static String randomUnmatchedPath(Random rnd) {
    StringBuilder p = new StringBuilder("/zz").append(token(rnd, LETTERS, 1, 12));
    int segments = rnd.nextInt(5);
    for (int i = 0; i < segments; i++) {
      String segment = token(rnd, LETTERS, 0, 12);
      // "." and ".." are not names: the server resolves them (/zz-x/.. is /, a static file)
      p.append('/').append(segment.matches("\\.{1,2}") ? segment + "x" : segment);
    }
    if (rnd.nextBoolean()) {
      p.append('?').append(token(rnd, LETTERS, 1, 8)).append('=').append(token(rnd, LETTERS, 0, 8));
      if (rnd.nextBoolean()) {
        p.append('&').append(token(rnd, LETTERS, 1, 8)).append('=').append(token(rnd, LETTERS, 0, 8));
      }
    }
    return p.toString();
  }

  @Test
  void randomUnmatchedRequestsCreateOnlyTheFixedSeries() throws Exception {
    int metricsPort = FreePort.find();
    ChildJvm app = startFixture("random", "port=" + metricsPort + ",host=127.0.0.1");
    try {
      int port = appPort(app);
      int threads = 4;
      int perThread = 2500; // 10 000 in all
      long seed = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<Map<String, Double>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Random rnd = new Random(seed + t);
        results.add(
            pool.submit(
                () -> {
                  Map<String, Double> expected = new TreeMap<>();
                  for (int i = 0; i < perThread; i++) {
                    String method =
                        rnd.nextBoolean()
                            ? STANDARD_SENT.get(rnd.nextInt(STANDARD_SENT.size()))
                            : "X" + token(rnd, UPPER, 0, 15);
                    String path = randomUnmatchedPath(rnd);
                    int status = status(port, method, path);
                    assertEquals(404, status, method + " " + path + " (seed " + seed + ")");
                    expected.merge(
                        Scrape.key(
                            REQUESTS,
                            "method", STANDARD.contains(method) ? method : "OTHER",
                            "endpoint", "unmatched",
                            "status_code", "404"),
                        1.0,
                        Double::sum);
                  }
                  return expected;
                }));
      }
      SortedMap<String, Double> expected = new TreeMap<>();
      try {
        for (Future<Map<String, Double>> f : results) {
          f.get().forEach((k, v) -> expected.merge(k, v, Double::sum));
        }
      } finally {
        pool.shutdownNow();
      }
      // every standard method sent and OTHER, nothing else (10 000 requests make each certain)
      assertEquals(STANDARD.size() + 1, expected.size(), expected.toString());
      Scrape s =
          Scrape.await(
              metricsPort, x -> x.sum(REQUESTS) >= threads * perThread, Duration.ofSeconds(20));
      SortedMap<String, Double> counted = s.seriesNamed(REQUESTS);
      // the point here is the series set; exact counts under load are ExactnessIT's and
      // HttpMetricsTest's. java.net.http may resend an idempotent request once on a connection
      // the server closed, which the server then really handles twice: allow that much.
      assertEquals(expected.keySet(), counted.keySet(), "seed " + seed + "\n" + app.describeOutput());
      for (Map.Entry<String, Double> e : expected.entrySet()) {
        double got = counted.get(e.getKey());
        assertTrue(
            got >= e.getValue() && got <= e.getValue() + 2,
            e.getKey() + " counted " + got + ", sent " + e.getValue() + " (seed " + seed + ")");
      }
      SortedMap<String, Double> durations = Scrape.nonZero(s.seriesNamed("http_request_duration_seconds_count"));
      assertEquals(expected.size(), durations.size(), durations.toString());
    } finally {
      app.destroy();
    }
  }

  /** Distinct endpoints the fixture registers at start-up (SparkFixtureApp's table). */
  private static final int START_UP_ENDPOINTS = 16;

  /** Room for the start-up endpoints and four run-time ones. */
  private static final int CAP = START_UP_ENDPOINTS + 4;

  @Test
  void templatesBeyondMaxEndpointsShareOverflow() throws Exception {
    int metricsPort = FreePort.find();
    ChildJvm app =
        startFixture("cap", "port=" + metricsPort + ",host=127.0.0.1,max_endpoints=" + CAP);
    try {
      int port = appPort(app);
      // registered routes take their endpoints in registration order, at start-up
      Scrape before = Scrape.of(metricsPort);
      SortedMap<String, Double> startUp = new TreeMap<>();
      for (String k : before.seriesNamed("http_route_info").keySet()) {
        startUp.merge(before.labelsOf(k).get("endpoint"), 1.0, Double::sum);
      }
      assertEquals(START_UP_ENDPOINTS, startUp.size(), "the fixture's start-up endpoints: " + startUp.keySet());
      HttpRequest register =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/routes?count=20"))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build();
      HttpResponse<String> r = CLIENT.send(register, HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("registered 20", r.body());
      for (int i = 0; i < 20; i++) {
        assertEquals(200, status(port, "GET", "/dyn/" + i + "/" + (100 + i)), "/dyn/" + i);
      }

      // the start-up endpoints (/admin/routes among them), then /dyn/0 .. /dyn/3 fill the cap;
      // the other 16 overflow
      SortedMap<String, Double> expected = new TreeMap<>();
      expected.put(
          Scrape.key(REQUESTS, "method", "POST", "endpoint", "/admin/routes", "status_code", "200"),
          1.0);
      for (int i = 0; i < 4; i++) {
        expected.put(
            Scrape.key(
                REQUESTS, "method", "GET", "endpoint", "/dyn/" + i + "/:id", "status_code", "200"),
            1.0);
      }
      expected.put(
          Scrape.key(REQUESTS, "method", "GET", "endpoint", "overflow", "status_code", "200"),
          16.0);
      Scrape s = Scrape.await(metricsPort, x -> x.sum(REQUESTS) >= 21, Duration.ofSeconds(20));
      assertEquals(expected, s.seriesNamed(REQUESTS), app.describeOutput());
      assertEquals(21.0, s.sum(REQUESTS));
      SortedMap<String, Double> endpoints = new TreeMap<>();
      for (String k : s.seriesNamed(REQUESTS).keySet()) {
        endpoints.merge(s.labelsOf(k).get("endpoint"), 1.0, Double::sum);
      }
      assertEquals(6, endpoints.size(), "5 endpoints and overflow: " + endpoints.keySet());
      Scrape after = Scrape.of(metricsPort);
      assertEquals(1.0, after.value("http_route_info", "method", "GET", "endpoint", "/dyn/3/:id"));
      assertEquals(
          null,
          after.value("http_route_info", "method", "GET", "endpoint", "/dyn/4/:id"),
          "a route over the cap gets no series of its own, in the inventory neither");
      assertEquals(
          16.0,
          s.value("http_request_duration_seconds_count", "method", "GET", "endpoint", "overflow"));
    } finally {
      app.destroy();
    }
  }
}
