package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
 * One non-Spark test app (issue 15) in two child JVMs started side by side: one with {@code
 * -javaagent}, one bare. Both get the same fixed request sequence; the answers must be identical
 * and the agent's counts exact per label set. Then the agent is attached to the bare one, which
 * gets a short sequence of its own: exact counts again.
 *
 * <pre>{@code
 * class MyStackIT extends StackAppCases {
 *   MyStackIT() { super("my-app", Artifacts.testAppJar("my-app")); }
 *   List<Case> cases() { return List.of(Case.of("GET", "/hello", 200, "/hello")); }
 *   ...
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StackAppCases {
  static final String REQUESTS = "http_requests_total";
  static final String DURATION = "http_request_duration_seconds";

  /**
   * One request and what the agent must count for it.
   *
   * @param closed the server closes the connection without an answer (sent on a connection of its
   *     own, so no client retries it)
   */
  record Case(
      String method,
      String path,
      String[] headers,
      int status,
      String labelMethod,
      String endpoint,
      boolean closed) {
    static Case of(String method, String path, int status, String endpoint) {
      return new Case(method, path, new String[0], status, method, endpoint, false);
    }

    Case label(String labelMethod) {
      return new Case(method, path, headers, status, labelMethod, endpoint, closed);
    }

    Case headers(String... h) {
      return new Case(method, path, h, status, labelMethod, endpoint, closed);
    }

    Case closedByServer() {
      return new Case(method, path, headers, status, labelMethod, endpoint, true);
    }

    String key() {
      return Scrape.key(
          REQUESTS,
          "method", labelMethod,
          "endpoint", endpoint,
          "status_code", Integer.toString(status));
    }
  }

  private final String appName;
  private final java.util.function.UnaryOperator<ChildJvm.Builder> launch;

  private ChildJvm withAgent;
  private ChildJvm bare;
  private int metricsPort;
  private int attachPort;
  private final List<String> agentAnswers = new ArrayList<>();
  private final List<String> bareAnswers = new ArrayList<>();
  private Scrape scrape;
  private Scrape attachScrape;
  private String attachOutput;

  /** The app {@code java -jar <jar> --port 0}; it prints {@code <appName> listening on ...}. */
  StackAppCases(String appName, Path jar) {
    this(appName, b -> b.jar(jar));
  }

  /** The app as {@code launch} starts it (a class path of another container version). */
  StackAppCases(String appName, java.util.function.UnaryOperator<ChildJvm.Builder> launch) {
    this.appName = appName;
    this.launch = launch;
  }

  /** The fixed sequence sent to both JVMs, in order. */
  abstract List<Case> cases();

  /** Sent to the bare JVM after the agent was attached to it. */
  abstract List<Case> casesAfterAttach();

  /** The endpoints of the app's routes, {@code http_route_info{method="ANY"}} from the start. */
  abstract Set<String> routeEndpoints();

  @BeforeAll
  void runBothAppsAndAttach() throws Exception {
    int[] ports = FreePort.distinct(2);
    metricsPort = ports[0];
    attachPort = ports[1];
    String test = getClass().getSimpleName();
    withAgent =
        launch
            .apply(
                ChildJvm.builder(test, appName + "-agent")
                    .agent("port=" + metricsPort + ",host=127.0.0.1"))
            .args("--port", "0")
            .start();
    bare = launch.apply(ChildJvm.builder(test, appName + "-bare")).args("--port", "0").start();
    Http agentHttp = new Http(port(withAgent));
    Http bareHttp = new Http(port(bare));
    withAgent.awaitStderr("serving metrics on");

    // the two apps are independent: answer the sequence in parallel
    CompletableFuture<Void> bareRun =
        CompletableFuture.runAsync(() -> sendAll(bareHttp, cases(), bareAnswers));
    sendAll(agentHttp, cases(), agentAnswers);
    bareRun.get();

    // the agent's own pages run on the JDK HTTP server too: never counted as the app's
    new Http(metricsPort).get("/");
    new Http(metricsPort).get("/-/healthy");
    double total = cases().size();
    scrape = Scrape.await(metricsPort, s -> s.sum(REQUESTS) >= total, Duration.ofSeconds(20));

    AgentCli.Result r =
        AgentCli.run("attach", "" + bare.pid(), "port=" + attachPort + ",host=127.0.0.1");
    attachOutput = r.toString();
    assertEquals(0, r.exitCode(), attachOutput);
    sendAll(bareHttp, casesAfterAttach(), new ArrayList<>());
    double afterAttach = casesAfterAttach().size();
    attachScrape =
        Scrape.await(attachPort, s -> s.sum(REQUESTS) >= afterAttach, Duration.ofSeconds(20));
  }

  @AfterAll
  void stop() {
    for (ChildJvm app : new ChildJvm[] {withAgent, bare}) {
      if (app != null) {
        app.destroy();
      }
    }
  }

  private int port(ChildJvm app) {
    return Integer.parseInt(
        app.awaitStdout(appName + " listening on http://localhost:(\\d+)").group(1));
  }

  /** Sends each case, checks its status, and notes the answer (status and body) in order. */
  private static void sendAll(Http http, List<Case> cases, List<String> answers) {
    for (Case c : cases) {
      String answer;
      if (c.closed()) {
        byte[] got =
            http.raw(
                (c.method() + " " + c.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        assertEquals(0, got.length, c + ": expected the server to close without an answer");
        answer = c.method() + " " + c.path() + " -> closed";
      } else {
        Http.Reply r = http.send(c.method(), c.path(), null, c.headers());
        assertEquals(c.status(), r.status(), c.method() + " " + c.path() + ": " + r.body());
        // Jetty's error pages name the servlet by class and identity hash, and Jetty 12's show
        // the full URI and the exception's stack, whose lower frames depend on which of Jetty's
        // threads ran the request: all differ between the two JVMs
        String body =
            r.body()
                .replaceAll("(Servlet[$\\w]*)-[0-9a-f]{1,8}<", "$1-<hash><")
                .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:<port>")
                .replaceAll("(?m)^\\s*at [\\w$./<>]+\\([^)]*\\)\\s*\\n", "");
        answer = c.method() + " " + c.path() + " -> " + r.status() + " " + body;
      }
      answers.add(answer);
    }
  }

  private static SortedMap<String, Double> expectedCounts(List<Case> cases) {
    SortedMap<String, Double> expected = new TreeMap<>();
    for (Case c : cases) {
      expected.merge(c.key(), 1.0, Double::sum);
    }
    return expected;
  }

  @Test
  void answersAreTheSameWithAndWithoutTheAgent() {
    assertEquals(bareAnswers, agentAnswers);
  }

  @Test
  void requestCounterHasExactlyTheExpectedSeries() {
    assertEquals(
        expectedCounts(cases()),
        Scrape.nonZero(scrape.seriesNamed(REQUESTS)),
        withAgent.describeOutput());
  }

  @Test
  void histogramCountsAreTheCounterSumsPerMethodAndEndpoint() {
    SortedMap<String, Double> byRoute = new TreeMap<>();
    for (Map.Entry<String, Double> e : scrape.seriesNamed(REQUESTS).entrySet()) {
      Map<String, String> l = scrape.labelsOf(e.getKey());
      byRoute.merge(
          Scrape.key(DURATION + "_count", "method", l.get("method"), "endpoint", l.get("endpoint")),
          e.getValue(),
          Double::sum);
    }
    assertEquals(Scrape.nonZero(byRoute), Scrape.nonZero(scrape.seriesNamed(DURATION + "_count")));
  }

  /** Every endpoint label is a route template or {@code unmatched}; no request path leaks. */
  @Test
  void noRawPathInAnyLabel() {
    Set<String> templates = new TreeSet<>();
    for (Case c : cases()) {
      templates.add(c.endpoint());
    }
    for (String key : scrape.all().keySet()) {
      String endpoint = scrape.labelsOf(key).get("endpoint");
      if (endpoint != null && key.startsWith("http_")) {
        assertTrue(
            templates.contains(endpoint) || routeEndpoints().contains(endpoint),
            key + ": endpoint is not a template of the app");
      }
    }
    for (Case c : cases()) {
      if (!c.path().equals(c.endpoint())) {
        assertFalse(
            scrape.text().contains("\"" + c.path() + "\""), c.path() + " appears as a label");
      }
    }
  }

  @Test
  void routeInventoryListsTheAppsRoutes() {
    Set<String> expected = new TreeSet<>();
    for (String endpoint : routeEndpoints()) {
      expected.add(Scrape.key("http_route_info", "method", "ANY", "endpoint", endpoint));
    }
    assertEquals(expected, new TreeSet<>(scrape.seriesNamed("http_route_info").keySet()));
  }

  @Test
  void agentSaysOnlyItsServingLine() {
    List<String> lines = withAgent.agentLines();
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains("serving metrics on"), lines.get(0));
  }

  @Test
  void attachedLaterItCountsWhatComesAfterExactly() {
    assertEquals(
        expectedCounts(casesAfterAttach()),
        Scrape.nonZero(attachScrape.seriesNamed(REQUESTS)),
        attachOutput + "\n" + bare.describeOutput());
    AttachIT.assertNoAgentProblems(bare);
  }
}
