package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Agent options from the three sources, as a user gets them wrong or right: a bad value is one
 * {@code [metrics-agent] ERROR:} line naming it, the app runs normally, and no exporter listens;
 * precedence is arguments over system properties over environment; a taken port and custom
 * buckets behave as documented. Runs the demo app, one child JVM per case (a JVM reads the
 * options once, and its environment and system properties are its own), except that options which
 * cannot affect each other share one.
 */
class AgentOptionsIT {
  private static final String ERROR_PREFIX = "[metrics-agent] ERROR:";

  private final List<ChildJvm> started = new ArrayList<>();

  @AfterEach
  void stopChildren() {
    for (ChildJvm c : started) {
      c.destroy();
    }
  }

  /**
   * One bad configuration. {@code agentArgs}, {@code sysProps} and {@code env} get the would-be
   * exporter port (a free port P) through {@code %d}, placed where the agent would serve on it
   * if it ignored the bad value or fell back to another source.
   */
  private record BadOption(
      String description,
      String agentArgs,
      Map<String, String> sysProps,
      Map<String, String> env,
      List<String> mustMention) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<BadOption> badOptions() {
    return Stream.of(
        bad("port=abc", "host=127.0.0.1,port=abc", Map.of(), Map.of("METRICS_AGENT_PORT", "%d"),
            "option port", "'abc'", "agent argument port"),
        bad("port=70000", "host=127.0.0.1,port=70000", Map.of(),
            Map.of("METRICS_AGENT_PORT", "%d"), "option port", "'70000'"),
        bad("port= (empty)", "host=127.0.0.1,port=", Map.of(), Map.of("METRICS_AGENT_PORT", "%d"),
            "option port", "''"),
        bad("port=12ab", "host=127.0.0.1,port=12ab", Map.of(), Map.of("METRICS_AGENT_PORT", "%d"),
            "option port", "'12ab'"),
        bad("port without =", "host=127.0.0.1,port", Map.of(), Map.of("METRICS_AGENT_PORT", "%d"),
            "'port'", "key=value"),
        bad("buckets=1|0.5 (decreasing)", "host=127.0.0.1,port=%d,buckets=1|0.5", Map.of(),
            Map.of(), "option buckets", "'1|0.5'"),
        bad("buckets=a|b", "host=127.0.0.1,port=%d,buckets=a|b", Map.of(), Map.of(),
            "option buckets", "'a|b'"),
        bad("buckets=0|1 (not positive)", "host=127.0.0.1,port=%d,buckets=0|1", Map.of(),
            Map.of(), "option buckets", "'0|1'"),
        bad("max_endpoints=0", "host=127.0.0.1,port=%d,max_endpoints=0", Map.of(), Map.of(),
            "option max_endpoints", "'0'"),
        bad("host with a space", "host=not a host,port=%d", Map.of(), Map.of(),
            "option host", "'not a host'"),
        // The message names the unknown key and where it came from, but not its value.
        bad("nosuch=1", "host=127.0.0.1,port=%d,nosuch=1", Map.of(), Map.of(),
            "'nosuch'", "agent arguments"),
        bad("-Dmetrics.agent.port=x", "host=127.0.0.1", Map.of("metrics.agent.port", "x"),
            Map.of("METRICS_AGENT_PORT", "%d"), "option port", "'x'", "-Dmetrics.agent.port"),
        bad("-Dmetrics.agent.nosuch=1", "host=127.0.0.1,port=%d",
            Map.of("metrics.agent.nosuch", "1"), Map.of(), "'nosuch'", "-Dmetrics.agent.nosuch"),
        bad("METRICS_AGENT_BUCKETS=0.1||1", "host=127.0.0.1,port=%d", Map.of(),
            Map.of("METRICS_AGENT_BUCKETS", "0.1||1"),
            "option buckets", "'0.1||1'", "METRICS_AGENT_BUCKETS"),
        bad("METRICS_AGENT_PORT=-1", "host=127.0.0.1", Map.of(),
            Map.of("METRICS_AGENT_PORT", "-1"), "option port", "'-1'", "METRICS_AGENT_PORT"));
  }

  private static BadOption bad(
      String description,
      String agentArgs,
      Map<String, String> sysProps,
      Map<String, String> env,
      String... mustMention) {
    return new BadOption(description, agentArgs, sysProps, env, List.of(mustMention));
  }

  /**
   * Each bad configuration in a JVM of its own, all started at once and then checked one by one:
   * the launches overlap instead of queuing (they share nothing: own options, environment,
   * system properties and ports).
   */
  @TestFactory
  Stream<DynamicTest> badOptionIsOneErrorLineAndTheAppRunsWithoutExporter() {
    List<BadOption> cases = badOptions().toList();
    int[] wouldBe = FreePort.distinct(cases.size());
    List<ChildJvm> apps = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      BadOption c = cases.get(i);
      String port = Integer.toString(wouldBe[i]);
      ChildJvm.Builder b =
          ChildJvm.builder(getClass().getSimpleName(), name(c.description()))
              .agent(c.agentArgs().replace("%d", port));
      c.sysProps().forEach((k, v) -> b.systemProperty(k, v.replace("%d", port)));
      c.env().forEach((k, v) -> b.env(k, v.replace("%d", port)));
      apps.add(start(b));
    }
    return IntStream.range(0, cases.size())
        .mapToObj(
            i ->
                DynamicTest.dynamicTest(
                    cases.get(i).description(),
                    () -> oneErrorLineAndNoExporter(cases.get(i), wouldBe[i], apps.get(i))));
  }

  private static void oneErrorLineAndNoExporter(BadOption c, int wouldBe, ChildJvm app) {
    int appPort = appPort(app);

    List<String> agentLines = app.agentLines();
    assertEquals(1, agentLines.size(), "exactly one agent line: " + agentLines);
    String line = agentLines.get(0);
    assertTrue(line.startsWith(ERROR_PREFIX), line);
    for (String m : c.mustMention()) {
      assertTrue(line.contains(m), "the error line should mention " + m + ": " + line);
    }
    assertEquals(200, new Http(appPort).get("/health").status());
    // The app's own sockets, not the machine's: the other JVMs of this test, started at the same
    // moment on port 0, may be handed this free port for their app
    assertTrue(
        wouldBe == appPort || !app.listeningPorts().contains(wouldBe),
        "the app may not listen on " + wouldBe);
    assertEquals(Set.of(appPort), app.listeningPorts(), "the app's port is the only one");
  }

  @Test
  void agentArgumentsBeatSystemPropertiesBeatEnvironment() {
    int[] p = FreePort.distinct(3);
    int env = p[0];
    int sys = p[1];
    int arg = p[2];

    ChildJvm all =
        start(
            ChildJvm.builder(getClass().getSimpleName(), "precedence-all-three")
                .agent("host=127.0.0.1,port=" + arg)
                .systemProperty("metrics.agent.port", "" + sys)
                .env("METRICS_AGENT_PORT", "" + env));
    int appPort = appPort(all);
    all.awaitStderr("serving metrics on http://127.0.0.1:" + arg + "/metrics");
    assertEquals(200, new Http(arg).get("/-/healthy").status());
    assertEquals(Set.of(appPort, arg), all.listeningPorts());
    assertFalse(FreePort.isListening(sys));
    assertFalse(FreePort.isListening(env));
    all.destroy();

    ChildJvm sysAndEnv =
        start(
            ChildJvm.builder(getClass().getSimpleName(), "precedence-sys-env")
                .agent("host=127.0.0.1")
                .systemProperty("metrics.agent.port", "" + sys)
                .env("METRICS_AGENT_PORT", "" + env));
    appPort = appPort(sysAndEnv);
    sysAndEnv.awaitStderr("serving metrics on http://127.0.0.1:" + sys + "/metrics");
    assertEquals(Set.of(appPort, sys), sysAndEnv.listeningPorts());
    assertFalse(FreePort.isListening(env));
    assertEquals(1, sysAndEnv.agentLines().size(), sysAndEnv.agentLines().toString());
  }

  @Test
  void busyPortIsOneErrorLineAndTheAppRuns() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      ChildJvm app =
          start(
              ChildJvm.builder(getClass().getSimpleName(), "busy-port")
                  .agent("host=127.0.0.1,port=" + port));
      int appPort = appPort(app);
      // the exporter starts on a background thread, after the app may already be serving
      String error = app.awaitStderr("\\[metrics-agent\\] ERROR:").group();
      List<String> agentLines = app.agentLines();
      assertEquals(1, agentLines.size(), agentLines.toString());
      assertTrue(agentLines.get(0).startsWith(ERROR_PREFIX), error);
      assertTrue(agentLines.get(0).contains(Integer.toString(port)), agentLines.get(0));
      assertEquals(200, new Http(appPort).get("/health").status());
      assertEquals(Set.of(appPort), app.listeningPorts());
    }
  }

  /** A second -javaagent copy starts before the first one's exporter: no "port -1". */
  @Test
  void aSecondJavaagentCopySaysSoAndDoesNothing() throws Exception {
    int[] ports = FreePort.distinct(2);
    ChildJvm app =
        start(
            ChildJvm.builder(getClass().getSimpleName(), "two-copies")
                .agent("host=127.0.0.1,port=" + ports[0])
                .jvmArgs("-javaagent:" + Artifacts.agentJar() + "=host=127.0.0.1,port=" + ports[1]));
    int appPort = appPort(app);
    String second = app.awaitStderr("\\[metrics-agent\\] .*already active.*").group();
    assertFalse(second.contains("-1"), second);
    assertTrue(second.endsWith("this copy does nothing"), second);
    assertEquals(200, new Http(appPort).get("/health").status());
    int serving =
        Integer.parseInt(app.awaitStderr("serving metrics on http://127.0.0.1:(\\d+)/metrics").group(1));
    assertTrue(serving == ports[0] || serving == ports[1], "serving on " + serving);
    assertEquals(Set.of(appPort, serving), app.listeningPorts());
  }

  /**
   * Three options that do not touch each other, in one app (one launch fewer): custom buckets are
   * exactly the bounds exported, excluded templates are not recorded, status codes can be grouped.
   */
  @Test
  void customBucketsExcludedTemplatesAndGroupedStatusCodes() {
    int metricsPort = FreePort.find();
    ChildJvm app =
        start(
            ChildJvm.builder(getClass().getSimpleName(), "buckets-exclude-groups")
                .agent(
                    "host=127.0.0.1,port=" + metricsPort
                        + ",buckets=0.1|0.5|1,exclude=/health|unmatched,status_groups=true"));
    Http http = new Http(appPort(app));
    app.awaitStderr("serving metrics on");
    assertEquals(200, http.get("/health").status());
    assertEquals(200, http.get("/health").status());
    assertEquals(200, http.get("/products").status());
    assertEquals(200, http.get("/products/").status());
    assertEquals(404, http.get("/products/9").status());
    assertEquals(404, http.get("/no/such/page").status());
    Scrape s = Scrape.await(metricsPort, x -> x.sum("http_requests_total") >= 3, Duration.ofSeconds(10));
    assertEquals(
        new java.util.TreeMap<>(
            java.util.Map.of(
                "http_requests_total{endpoint=\"/products\",method=\"GET\",status_code=\"2xx\"}", 2.0,
                "http_requests_total{endpoint=\"/products/:id\",method=\"GET\",status_code=\"4xx\"}", 1.0)),
        s.seriesNamed("http_requests_total"));
    // the other registered routes have their series at zero; only these two were counted
    assertEquals(
        Set.of(
            "http_request_duration_seconds_count{endpoint=\"/products\",method=\"GET\"}",
            "http_request_duration_seconds_count{endpoint=\"/products/:id\",method=\"GET\"}"),
        Scrape.nonZero(s.seriesNamed("http_request_duration_seconds_count")).keySet());
    // an excluded route is not in the route inventory either
    assertTrue(!s.text().contains("\"/health\""), s.text());

    Set<Double> les = new TreeSet<>();
    for (String key : s.seriesNamed("http_request_duration_seconds_bucket").keySet()) {
      les.add(SparkFixtureAgentIT.le(s.labelsOf(key).get("le")));
    }
    assertEquals(Set.of(0.1, 0.5, 1.0, Double.POSITIVE_INFINITY), les, s.text());
    assertEquals(1, app.agentLines().size(), app.agentLines().toString());
  }

  private ChildJvm start(ChildJvm.Builder b) {
    ChildJvm c = b.jar(Artifacts.demoAppJar()).args("--port", "0", "--host", "127.0.0.1").start();
    started.add(c);
    return c;
  }

  private static int appPort(ChildJvm app) {
    return Integer.parseInt(
        app.awaitStdout("demo-app listening on http://localhost:(\\d+)").group(1));
  }

  /** A file-name-safe version of a case description. */
  private static String name(String description) {
    return "bad-" + description.replaceAll("[^A-Za-z0-9=.-]+", "_");
  }
}
