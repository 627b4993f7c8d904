package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The IT harness for one test app: a table of cases (request, expected status, expected labels)
 * run against two child JVMs started side by side, one with {@code -javaagent} and one bare. Both
 * get the table (in parallel: the two are independent); the answers must be identical and the
 * agent's counts exact per label set. Then the agent is attached to the bare one, which gets the
 * after-attach table: exact counts again, counted from zero.
 *
 * <p>Checked on both agents: exact {@code http_requests_total}; histogram counts (and {@code +Inf}
 * buckets) equal to the counter per method and endpoint; nothing left in progress; the route
 * inventory ({@code http_route_info}) exactly the app's routes, each with its duration series;
 * no raw path in any label; the agent's own pages never counted; no agent warning, and with
 * {@code -javaagent} no line but the serving one.
 *
 * <pre>{@code
 * class MyAppIT extends AppCases {
 *   ChildJvm.Builder launch(ChildJvm.Builder b) {
 *     return b.jar(Artifacts.testAppJar("my-app")).args("--port", "0");
 *   }
 *   String readyLine() { return "my-app listening on http://localhost:(\\d+)"; }
 *   List<Case> cases() { return List.of(Case.of("GET", "/hello", 200, "/hello")); }
 *   Set<String> routes() { return Set.of("GET /hello"); }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AppCases {
  static final String REQUESTS = "http_requests_total";
  static final String DURATION = "http_request_duration_seconds";
  static final String IN_PROGRESS = "http_requests_in_progress";

  /**
   * One request and what the agent must count for it.
   *
   * @param closed the server closes the connection without an answer (sent on a connection of its
   *     own, so no client retries it)
   * @param raw the request's bytes as sent (ISO-8859-1), on a connection of its own, for what an
   *     HTTP client cannot send (a malformed request line, oversized headers); else null
   * @param leaveAfter the client reads the answer until this text and closes the connection (a
   *     stream it leaves), or null
   */
  record Case(
      String method,
      String path,
      String body,
      List<String> headers,
      int status,
      String labelMethod,
      String endpoint,
      boolean closed,
      String raw,
      String leaveAfter) {
    /** {@code method path} answered with {@code status}, counted under {@code endpoint}. */
    static Case of(String method, String path, int status, String endpoint) {
      return new Case(method, path, null, List.of(), status, method, endpoint, false, null, null);
    }

    /**
     * A request sent as is: its request line and header lines ({@code \r\n} after each; {@code
     * Connection: close} and the blank line are added), answered with {@code status} by the
     * server itself, counted {@code unmatched} with this {@code labelMethod}.
     */
    static Case raw(String head, int status, String labelMethod) {
      String[] line = head.substring(0, head.indexOf("\r\n")).split(" ");
      String raw = head + "Connection: close\r\n\r\n";
      return new Case(
          line[0], line[1], null, List.of(), status, labelMethod, "unmatched", false, raw, null);
    }

    /** Counted with this {@code method} label (e.g. {@code OTHER} for an unknown method). */
    Case label(String labelMethod) {
      return new Case(
          method, path, body, headers, status, labelMethod, endpoint, closed, raw, leaveAfter);
    }

    /** Request headers: name, value, ... */
    Case headers(String... h) {
      return new Case(
          method, path, body, List.of(h), status, labelMethod, endpoint, closed, raw, leaveAfter);
    }

    /** A {@code text/plain} request body. */
    Case body(String text) {
      List<String> h = new ArrayList<>(headers);
      h.addAll(List.of("Content-Type", "text/plain"));
      return new Case(
          method, path, text, List.copyOf(h), status, labelMethod, endpoint, closed, raw,
          leaveAfter);
    }

    Case closedByServer() {
      return new Case(method, path, body, headers, status, labelMethod, endpoint, true, raw, null);
    }

    /** The client leaves once the answer has shown {@code text} (a stream it stops reading). */
    Case leaveAfter(String text) {
      return new Case(method, path, body, headers, status, labelMethod, endpoint, false, raw, text);
    }

    String key() {
      return Scrape.key(
          REQUESTS,
          "method", labelMethod,
          "endpoint", endpoint,
          "status_code", Integer.toString(status));
    }

    @Override
    public String toString() {
      if (raw != null) {
        return raw.substring(0, raw.indexOf("\r\n")) + " (raw, " + raw.length() + " bytes)";
      }
      return method + " " + path + (headers.isEmpty() ? "" : " " + headers);
    }
  }

  // ---- the app's table -------------------------------------------------------------------------

  /** Starts the app on a free port: {@code b.jar(...).args(...)} or {@code b.mainClass(...)}. */
  abstract ChildJvm.Builder launch(ChildJvm.Builder b);

  /** The app's ready line on stdout; group 1 is its port. */
  abstract String readyLine();

  /** The sequence sent to both JVMs, in order. */
  abstract List<Case> cases();

  /** Sent to the bare JVM after the agent was attached to it: by default the same table. */
  List<Case> casesAfterAttach() {
    return cases();
  }

  /**
   * {@code http_route_info} exactly, as {@code "METHOD template"}: the app's routes, and the
   * servlet mappings a container module lists as {@code "ANY pattern"}.
   */
  abstract Set<String> routes();

  /**
   * Whether the agent lists all of {@link #routes()} as the app starts (with {@code -javaagent}):
   * checked on a scrape taken when the app is ready, before its first request. On by default; a
   * stack whose routes are known only at a first request (a servlet initialised lazily, a
   * locator's sub-resource) turns it off and says why.
   */
  boolean routesListedAtStartUp() {
    return true;
  }

  /** {@code http_route_info} after the attach: by default the same. */
  Set<String> routesAfterAttach() {
    return routes();
  }

  /** More agent options for both agents, each after a comma: {@code ",sizes=true"}. */
  String agentOptions() {
    return "";
  }

  /** Parts of an answer that differ between any two runs (a time, a port), masked. */
  String normaliseBody(String body) {
    return body;
  }

  /** Also compare the answers' headers (all but {@code Date}), not only status and body. */
  boolean compareHeaders() {
    return false;
  }

  /** Fragments of request paths that must not appear in any label, besides the cases' paths. */
  List<String> rawFragments() {
    return List.of();
  }

  /**
   * What Jetty answers itself, before any servlet or handler of the app: a malformed request line,
   * an ambiguous URI (twice: every one is counted alike), headers too large, an unknown HTTP
   * version, no {@code Host}. Each is counted once, {@code unmatched}, with the status sent and the
   * method the client sent where Jetty read it: {@code OTHER} only for the first, whose method is
   * no token (Jetty 12 answers the ambiguous URI for a placeholder request whose method is {@code
   * BAD}: still {@code GET}).
   */
  static List<Case> jettyServerCases() {
    String host = "Host: 127.0.0.1\r\n";
    return List.of(
        Case.raw("G@T /hello HTTP/1.1\r\n" + host, 400, "OTHER"),
        Case.raw("GET /%2e%2e/etc HTTP/1.1\r\n" + host, 400, "GET"),
        Case.raw("GET /%2e%2e/etc HTTP/1.1\r\n" + host, 400, "GET"),
        Case.raw("GET /hello HTTP/1.1\r\n" + host + "X-Big: " + "x".repeat(9000) + "\r\n", 431, "GET"),
        Case.raw("GET /hello HTTP/9.9\r\n" + host, 505, "OTHER"),
        Case.raw("GET /hello HTTP/1.1\r\n", 400, "GET"));
  }

  // ---- the run ---------------------------------------------------------------------------------

  private ChildJvm withAgent;
  private ChildJvm bare;
  private final List<String> agentAnswers = new ArrayList<>();
  private final List<String> bareAnswers = new ArrayList<>();
  private Scrape agentScrape;
  private Scrape attachScrape;
  private String attachOutput;
  private Set<String> routesAtStartUp;
  private int agentAppPort;
  private int agentMetricsPort;

  @BeforeAll
  void runBothAppsAttachAndRunAgain() throws Exception {
    int[] ports = FreePort.distinct(2);
    int metricsPort = ports[0];
    int attachPort = ports[1];
    String test = getClass().getSimpleName();
    // started together: a framework app takes seconds to start on a small machine
    withAgent =
        launch(
                ChildJvm.builder(test, "agent")
                    .agent("port=" + metricsPort + ",host=127.0.0.1" + agentOptions()))
            .start();
    bare = launch(ChildJvm.builder(test, "bare-then-attached")).start();
    agentAppPort = port(withAgent);
    agentMetricsPort = metricsPort;
    Http agentHttp = new Http(agentAppPort);
    Http bareHttp = new Http(port(bare));
    withAgent.awaitStderr("serving metrics on");
    if (routesListedAtStartUp()) {
      routesAtStartUp = listedRoutes(Scrape.of(metricsPort));
    }

    CompletableFuture<Void> bareRun =
        CompletableFuture.runAsync(() -> sendAll(bareHttp, cases(), bareAnswers));
    sendAll(agentHttp, cases(), agentAnswers);
    bareRun.get();

    // the agent's own pages run on the JDK HTTP server too: never counted as the app's
    Http.connectionPerRequest(metricsPort).get("/");
    Http.connectionPerRequest(metricsPort).get("/-/healthy");
    agentScrape = awaitRecorded(metricsPort, cases());

    AgentCli.Result r =
        AgentCli.run(
            "attach", "" + bare.pid(), "port=" + attachPort + ",host=127.0.0.1" + agentOptions());
    attachOutput = r.toString();
    assertEquals(0, r.exitCode(), attachOutput);
    sendAll(bareHttp, casesAfterAttach(), new ArrayList<>());
    attachScrape = awaitRecorded(attachPort, casesAfterAttach());
  }

  @AfterAll
  void stop() {
    for (ChildJvm app : new ChildJvm[] {withAgent, bare}) {
      if (app != null) {
        app.destroy();
      }
    }
  }

  /** The scrape once every case is recorded and none is in progress (else the last one). */
  private static Scrape awaitRecorded(int port, List<Case> cases) {
    double total = cases.size();
    return Scrape.await(
        port, s -> s.sum(REQUESTS) >= total && s.sum(IN_PROGRESS) == 0, Scrape.PATIENCE);
  }

  private int port(ChildJvm app) {
    return Integer.parseInt(app.awaitStdout(readyLine()).group(1));
  }

  /** Sends each case, checks its status, and notes the answer in order. */
  private void sendAll(Http http, List<Case> cases, List<String> answers) {
    for (Case c : cases) {
      String answer;
      if (c.closed()) {
        byte[] got =
            http.raw(
                (c.method() + " " + c.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        assertEquals(0, got.length, c + ": expected the server to close without an answer");
        answer = c + " -> closed";
      } else if (c.raw() != null) {
        String got =
            new String(http.raw(c.raw().getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
        String statusLine = got.isEmpty() ? "" : got.substring(0, got.indexOf("\r\n"));
        // the version a server answers with: HTTP/1.1 mostly; Vert.x answers a request it could
        // not decode with HTTP/1.0, an unknown version with that version
        assertTrue(statusLine.matches("HTTP/[0-9.]+ " + c.status() + " .*"), c + ": " + statusLine);
        answer = c + " -> " + statusLine + " " + normaliseBody(got.substring(got.indexOf("\r\n\r\n") + 4));
      } else if (c.leaveAfter() != null) {
        String got =
            http.readUntil(
                (c.method() + " " + c.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII),
                c.leaveAfter());
        assertTrue(got.startsWith("HTTP/1.1 " + c.status() + " "), c + ": " + got);
        answer = c + " -> " + c.status() + ", left after " + c.leaveAfter();
      } else {
        Http.Reply r = http.send(c.method(), c.path(), c.body(), c.headers().toArray(new String[0]));
        assertEquals(c.status(), r.status(), c + ": " + r.body());
        answer = c + " -> " + r.status() + " " + headers(r) + normaliseBody(r.body());
      }
      answers.add(answer);
    }
  }

  private String headers(Http.Reply r) {
    if (!compareHeaders()) {
      return "";
    }
    SortedMap<String, List<String>> h = new TreeMap<>(r.headers().map());
    h.remove("date");
    return h + " ";
  }

  Scrape agentScrape() {
    return agentScrape;
  }

  ChildJvm withAgent() {
    return withAgent;
  }

  ChildJvm bare() {
    return bare;
  }

  /** The app run with {@code -javaagent}: its HTTP port, and its agent's. */
  int agentAppPort() {
    return agentAppPort;
  }

  int agentMetricsPort() {
    return agentMetricsPort;
  }

  Scrape attachScrape() {
    return attachScrape;
  }

  private static SortedMap<String, Double> expectedCounts(List<Case> cases) {
    SortedMap<String, Double> expected = new TreeMap<>();
    for (Case c : cases) {
      expected.merge(c.key(), 1.0, Double::sum);
    }
    return expected;
  }

  private List<Scrape> bothScrapes() {
    return List.of(agentScrape, attachScrape);
  }

  // ---- the checks ------------------------------------------------------------------------------

  @Test
  void answersAreTheSameWithAndWithoutTheAgent() {
    assertEquals(bareAnswers, agentAnswers);
  }

  @Test
  void withJavaagentEachCaseCountsExactlyOnceWithItsLabels() {
    assertEquals(
        expectedCounts(cases()), agentScrape.seriesNamed(REQUESTS), withAgent.describeOutput());
  }

  @Test
  void attachedLaterItCountsWhatComesAfterExactly() {
    assertEquals(
        expectedCounts(casesAfterAttach()),
        attachScrape.seriesNamed(REQUESTS),
        attachOutput + "\n" + bare.describeOutput());
  }

  @Test
  void histogramCountsEqualTheCounterPerMethodAndEndpoint() {
    for (Scrape s : bothScrapes()) {
      SortedMap<String, Double> byRoute = new TreeMap<>();
      for (Map.Entry<String, Double> e : s.seriesNamed(REQUESTS).entrySet()) {
        Map<String, String> l = s.labelsOf(e.getKey());
        byRoute.merge(
            Scrape.key(
                DURATION + "_count", "method", l.get("method"), "endpoint", l.get("endpoint")),
            e.getValue(),
            Double::sum);
      }
      assertEquals(Scrape.nonZero(byRoute), Scrape.nonZero(s.seriesNamed(DURATION + "_count")));
      for (String countKey : byRoute.keySet()) {
        Map<String, String> l = s.labelsOf(countKey);
        assertEquals(
            s.value(DURATION + "_count", "method", l.get("method"), "endpoint", l.get("endpoint")),
            s.value(
                DURATION + "_bucket",
                "method", l.get("method"),
                "endpoint", l.get("endpoint"),
                "le", "+Inf"),
            "+Inf bucket of " + countKey);
      }
    }
  }

  @Test
  void nothingIsLeftInProgress() {
    for (Scrape s : bothScrapes()) {
      assertEquals(
          Map.of(),
          Scrape.nonZero(s.seriesNamed(IN_PROGRESS)),
          "in progress after every request was answered (async ones included)");
    }
  }

  @Test
  void theRouteInventoryListsTheAppsRoutesEachWithItsSeries() {
    for (Scrape s : bothScrapes()) {
      Set<String> routes = s == agentScrape ? routes() : routesAfterAttach();
      assertEquals(
          new TreeSet<>(routes), listedRoutes(s), s == agentScrape ? "-javaagent" : "attached");
      // every route with a method has its duration series, at zero when no case called it
      for (String route : routes) {
        String[] mt = route.split(" ", 2);
        if (!mt[0].equals("ANY")) {
          assertNotNull(
              s.value(DURATION + "_count", "method", mt[0], "endpoint", mt[1]),
              route + " has no duration series");
        }
      }
    }
  }

  @Test
  void withJavaagentTheRoutesAreListedBeforeTheFirstRequest() {
    assumeTrue(routesListedAtStartUp(), "not checked: this IT's app has routes known only at a first request");
    assertEquals(new TreeSet<>(routes()), routesAtStartUp, "ready, no request yet");
  }

  /** {@code http_route_info} as {@code "METHOD template"}. */
  private static Set<String> listedRoutes(Scrape s) {
    Set<String> listed = new TreeSet<>();
    for (String key : s.seriesNamed("http_route_info").keySet()) {
      Map<String, String> l = s.labelsOf(key);
      listed.add(l.get("method") + " " + l.get("endpoint"));
    }
    return listed;
  }

  /** Every endpoint label is a template of the app or a case's label; no request path leaks. */
  @Test
  void noRawPathInAnyLabel() {
    Set<String> allowed = new TreeSet<>();
    List<String> raw = new ArrayList<>(rawFragments());
    for (Case c : concat(cases(), casesAfterAttach())) {
      allowed.add(c.endpoint());
    }
    for (String route : routes()) {
      allowed.add(route.substring(route.indexOf(' ') + 1));
    }
    for (Case c : concat(cases(), casesAfterAttach())) {
      if (!allowed.contains(c.path())) {
        raw.add(c.path());
      }
    }
    for (Scrape s : bothScrapes()) {
      for (String key : s.all().keySet()) {
        SortedMap<String, String> labels = s.labelsOf(key);
        String endpoint = labels.get("endpoint");
        if (endpoint != null && key.startsWith("http_")) {
          assertTrue(allowed.contains(endpoint), key + ": endpoint is not a template of the app");
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
          if (label.getKey().equals("endpoint") && allowed.contains(label.getValue())) {
            continue; // a template (a context path's raw root is part of its routes' templates)
          }
          for (String r : raw) {
            assertFalse(label.getValue().contains(r), key + " carries the raw path " + r);
          }
        }
      }
    }
  }

  @Test
  void withJavaagentTheAgentSaysOnlyItsServingLine() {
    List<String> lines = withAgent.agentLines();
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains("serving metrics on"), lines.get(0));
  }

  @Test
  void attachedTheAgentReportsNoProblem() {
    AttachIT.assertNoAgentProblems(bare);
  }

  private static List<Case> concat(List<Case> a, List<Case> b) {
    List<Case> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

}
