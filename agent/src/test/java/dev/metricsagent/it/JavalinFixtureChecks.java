package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * The agent on the Javalin fixture ({@code test-apps/javalin-app}) on one Javalin version. Two
 * children start together: the app with {@code -javaagent} and the same app bare. Every request
 * of a fixed sequence goes to both: the answers must be identical (status, headers but {@code
 * Date}, body) and the agent's counts exact. Then the bare app gets the agent by attach and a
 * second sequence is counted from zero.
 *
 * <p>Label rules checked here: {@code endpoint} is the handler path as the app wrote it ({@code
 * /users/{id}}, {@code /files/<path>}, with the {@code path(...)} prefix), also for a request a
 * before-handler rejected when its path matches a route and for HEAD answered from a GET route;
 * {@code static} for Javalin's static files, {@code unmatched} for its own 404; {@code method} is
 * the routed method or {@code OTHER}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JavalinFixtureChecks {
  private static final String REQUESTS = "http_requests_total";
  private static final String DURATION = "http_request_duration_seconds";

  /** Every route the fixture registers, as {@code METHOD template}. */
  static final Set<String> ROUTES =
      new TreeSet<>(
          List.of(
              "GET /hello",
              "POST /users",
              "GET /users/{id}",
              "DELETE /users/{id}",
              "GET /files/<path>",
              "GET /secure/{item}",
              "GET /boom",
              "GET /teapot",
              "GET /async",
              "GET /async-teapot",
              "GET /slow"));

  /** Raw request paths of the sequence that must never appear in a label. */
  private static final List<String> RAW =
      List.of("/users/1", "/users/0", "/users/7", "a/b.txt", "/secure/x", "/nope", "/does/not");

  private final int major;
  private ChildJvm app;
  private ChildJvm bare;
  private int metricsPort;
  private Http http;
  private Http bareHttp;

  /** Expected {@code http_requests_total} series key to value. */
  private final SortedMap<String, Double> expected = new TreeMap<>();

  /** Requests whose answer with the agent differed from the bare app's. */
  private final List<String> differences = new ArrayList<>();

  private Scrape scrape;

  JavalinFixtureChecks(int major) {
    this.major = major;
  }

  private String testName() {
    return getClass().getSimpleName();
  }

  @BeforeAll
  void startBothAppsAndSendTheSequence() {
    metricsPort = FreePort.find();
    app =
        ChildJvm.builder(testName(), "javalin-" + major)
            .agent("port=" + metricsPort + ",host=127.0.0.1")
            .jar(Artifacts.javalinAppJar(major))
            .args("--port", "0")
            .start();
    bare =
        ChildJvm.builder(testName(), "javalin-" + major + "-bare")
            .jar(Artifacts.javalinAppJar(major))
            .args("--port", "0")
            .start();
    http = new Http(appPort(app));
    bareHttp = new Http(appPort(bare));
    app.awaitStderr("serving metrics on");

    for (int i = 0; i < 3; i++) {
      send("GET", "/hello", 200, "GET", "/hello");
    }
    send("GET", "/users/1", 200, "GET", "/users/{id}");
    send("GET", "/users/2", 200, "GET", "/users/{id}");
    send("GET", "/users/0", 404, "GET", "/users/{id}"); // the handler sets 404
    send("POST", "/users", 201, "POST", "/users"); // inside path("/users", ...)
    send("DELETE", "/users/7", 204, "DELETE", "/users/{id}");
    // Javalin routes by the override header: DELETE /users/{id}
    send("POST", "/users/1", 204, "DELETE", "/users/{id}", "X-HTTP-Method-Override", "DELETE");
    send("GET", "/files/a/b.txt", 200, "GET", "/files/<path>");
    send("GET", "/files/readme", 200, "GET", "/files/<path>");
    // the before-handler throws UnauthorizedResponse before the route runs: the route it stood
    // in front of is kept; where no route matches, unmatched
    send("GET", "/secure/x", 401, "GET", "/secure/{item}");
    send("GET", "/secure/x", 200, "GET", "/secure/{item}", "X-Token", "t0ken");
    send("GET", "/secure/a/b", 401, "GET", "unmatched");
    send("GET", "/boom", 500, "GET", "/boom"); // unmapped: Javalin's 500
    send("GET", "/teapot", 418, "GET", "/teapot"); // exception(...) mapper
    send("GET", "/async", 200, "GET", "/async"); // ctx.future, completed on another thread
    send("GET", "/async", 200, "GET", "/async");
    send("GET", "/async-teapot", 418, "GET", "/async-teapot"); // the future fails: mapped
    send("GET", "/index.html", 200, "GET", "static"); // Javalin's static files
    send("GET", "/style.css", 200, "GET", "static");
    send("HEAD", "/index.html", 200, "HEAD", "static");
    send("GET", "/nope", 404, "GET", "unmatched"); // Javalin's own 404
    send("GET", "/does/not/exist", 404, "GET", "unmatched");
    // Javalin answers HEAD from the GET route without running it: the label keeps HEAD
    send("HEAD", "/hello", 200, "HEAD", "/hello");
    send("HEAD", "/users/1", 200, "HEAD", "/users/{id}");
    send("HEAD", "/nope", 404, "HEAD", "unmatched");
    send("FOO", "/hello", 404, "OTHER", "unmatched");

    double total = expected.values().stream().mapToDouble(Double::doubleValue).sum();
    scrape =
        Scrape.await(
            metricsPort,
            s -> s.sum(REQUESTS) >= total && s.sum("http_requests_in_progress") == 0,
            Duration.ofSeconds(20));
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.destroy();
    }
    if (bare != null) {
      bare.destroy();
    }
  }

  private static int appPort(ChildJvm jvm) {
    return Integer.parseInt(
        jvm.awaitStdout("javalin fixture listening on http://localhost:(\\d+)").group(1));
  }

  /** Sends one request to both apps, compares the answers, adds the series it must count in. */
  private void send(
      String method,
      String path,
      int status,
      String labelMethod,
      String endpoint,
      String... headers) {
    Http.Reply r = http.send(method, path, null, headers);
    Http.Reply b = bareHttp.send(method, path, null, headers);
    assertEquals(status, r.status(), method + " " + path + ": " + r.body());
    String withAgent = describe(r);
    String without = describe(b);
    if (!withAgent.equals(without)) {
      differences.add(
          method + " " + path + "\n  with agent: " + withAgent + "\n  bare:       " + without);
    }
    expected.merge(
        Scrape.key(
            REQUESTS,
            "method", labelMethod,
            "endpoint", endpoint,
            "status_code", Integer.toString(status)),
        1.0,
        Double::sum);
  }

  /** Status, headers (but the clock's {@code Date}) and body, for comparing two answers. */
  private static String describe(Http.Reply r) {
    SortedMap<String, List<String>> headers = new TreeMap<>(r.headers().map());
    headers.remove("date");
    return r.status() + " " + headers + " " + Arrays.toString(r.bodyBytes());
  }

  @Test
  void responsesAreIdenticalToTheAppWithoutTheAgent() {
    assertEquals(List.of(), differences);
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
      assertEquals(
          scrape.value(
              DURATION + "_count", "method", l.get("method"), "endpoint", l.get("endpoint")),
          scrape.value(
              DURATION + "_bucket",
              "method", l.get("method"),
              "endpoint", l.get("endpoint"),
              "le", "+Inf"),
          "+Inf bucket of " + countKey);
    }
  }

  /**
   * An async request ends when its future completes (the fixture's sleeps 50 ms on another
   * thread), not when Javalin's servlet returns: its duration includes the wait.
   */
  @Test
  void asyncRequestsAreTimedToTheirCompletion() {
    Double sum = scrape.value(DURATION + "_sum", "method", "GET", "endpoint", "/async");
    assertTrue(sum != null && sum >= 2 * 0.050, "2 x /async took " + sum + " s");
  }

  @Test
  void routeInventoryListsEveryRouteWithZeroSeriesForUncalledOnes() {
    assertEquals(ROUTES, routeInfo(scrape));
    assertEquals(
        0.0,
        scrape.value(DURATION + "_count", "method", "GET", "endpoint", "/slow"),
        "a registered route never called has its series at zero");
    assertEquals(
        0.0,
        scrape.value("http_requests_in_progress", "method", "GET", "endpoint", "/slow"),
        scrape.text());
  }

  @Test
  void nothingIsLeftInProgress() {
    assertEquals(
        Map.of(),
        Scrape.nonZero(scrape.seriesNamed("http_requests_in_progress")),
        "in progress after every request was answered (async ones included)");
  }

  @Test
  void noLabelCarriesARawPath() {
    Set<String> allowed = new TreeSet<>(Set.of("unmatched", "static"));
    for (String route : ROUTES) {
      allowed.add(route.substring(route.indexOf(' ') + 1));
    }
    for (String key : scrape.all().keySet()) {
      SortedMap<String, String> labels = scrape.labelsOf(key);
      String endpoint = labels.get("endpoint");
      if (endpoint != null) {
        assertTrue(allowed.contains(endpoint), key);
      }
      for (String value : labels.values()) {
        for (String raw : RAW) {
          assertTrue(!value.contains(raw), key + " carries the raw path " + raw);
        }
      }
    }
  }

  @Test
  void agentReportsNoProblem() {
    AttachIT.assertNoAgentProblems(app);
  }

  /**
   * The bare app, after it answered the sequence, gets the agent by attach: routes registered
   * before are listed, and what comes after is counted exactly, async and rejected requests
   * included.
   */
  @Test
  void attachToTheRunningAppCountsWhatComesAfterExactly() {
    int attachPort = FreePort.find();
    AgentCli.Result r =
        AgentCli.run("attach", "" + bare.pid(), "port=" + attachPort + ",host=127.0.0.1");
    assertEquals(0, r.exitCode(), r.toString());
    SortedMap<String, Double> want = new TreeMap<>();
    for (int i = 0; i < 2; i++) {
      assertEquals(200, bareHttp.get("/hello").status());
    }
    want.put(key("GET", "/hello", 200), 2.0);
    assertEquals(200, bareHttp.get("/users/5").status());
    want.put(key("GET", "/users/{id}", 200), 1.0);
    assertEquals(401, bareHttp.get("/secure/y").status());
    want.put(key("GET", "/secure/{item}", 401), 1.0);
    assertEquals(200, bareHttp.get("/async").status());
    want.put(key("GET", "/async", 200), 1.0);
    assertEquals(200, bareHttp.get("/style.css").status());
    want.put(key("GET", "static", 200), 1.0);
    assertEquals(404, bareHttp.get("/nope").status());
    want.put(key("GET", "unmatched", 404), 1.0);

    Scrape s =
        Scrape.await(
            attachPort,
            x -> x.sum(REQUESTS) >= 7 && x.sum("http_requests_in_progress") == 0,
            Duration.ofSeconds(20));
    assertEquals(want, s.seriesNamed(REQUESTS), bare.describeOutput());
    assertEquals(ROUTES, routeInfo(s), "routes registered before the attach are listed");
    assertEquals(0.0, s.value(DURATION + "_count", "method", "GET", "endpoint", "/teapot"));
    AttachIT.assertNoAgentProblems(bare);
  }

  private static String key(String method, String endpoint, int status) {
    return Scrape.key(
        REQUESTS, "method", method, "endpoint", endpoint, "status_code", Integer.toString(status));
  }

  /** The {@code http_route_info} series as {@code METHOD template}. */
  private static Set<String> routeInfo(Scrape s) {
    Set<String> out = new TreeSet<>();
    for (String key : s.seriesNamed("http_route_info").keySet()) {
      Map<String, String> l = s.labelsOf(key);
      out.add(l.get("method") + " " + l.get("endpoint"));
    }
    return out;
  }
}
