package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where the agent must work beyond the demo app: isolated class loaders, apps with their own
 * Prometheus client and Byte Buddy, older Spark releases, a Spark without the hooked methods,
 * and JVMs with no Spark at all.
 */
class ReachIT {

  private static int port(ChildJvm app, String name) {
    return Integer.parseInt(app.awaitStdout(name + " listening on http://localhost:(\\d+)").group(1));
  }

  /** Sends a short fixed sequence to the Spark fixture and checks the agent counted it exactly. */
  private static void assertFixtureCountedExactly(ChildJvm app, int metricsPort) {
    Http http = new Http(port(app, "fixture"));
    app.awaitStderr("serving metrics on");
    for (int i = 0; i < 3; i++) {
      assertEquals(200, http.get("/hello").status());
    }
    assertEquals(200, http.get("/items/7").status());
    assertEquals(418, http.get("/teapot").status());
    assertEquals(404, http.get("/no/such/page").status());
    Map<String, Double> expected = new TreeMap<>();
    expected.put("http_requests_total{endpoint=\"/hello\",method=\"GET\",status_code=\"200\"}", 3.0);
    expected.put("http_requests_total{endpoint=\"/items/:id\",method=\"GET\",status_code=\"200\"}", 1.0);
    expected.put("http_requests_total{endpoint=\"/teapot\",method=\"GET\",status_code=\"418\"}", 1.0);
    expected.put("http_requests_total{endpoint=\"unmatched\",method=\"GET\",status_code=\"404\"}", 1.0);
    Scrape s = Scrape.awaitCounts(metricsPort, "http_requests_total", expected);
    assertEquals(expected, s.seriesNamed("http_requests_total"), app.describeOutput());
    assertEquals(
        List.of("serving metrics on"),
        app.agentLines().stream().map(l -> l.replaceAll(".*(serving metrics on).*", "$1")).toList(),
        "the agent said more than its serving line");
  }

  @Test
  void sparkInAnIsolatedClassLoaderThatCannotSeeTheAgent() {
    runFixtureWithAgent(
        "ReachIT-isolated",
        Artifacts.plainAppJar().toString(),
        "dev.metricsagent.testapps.IsolatedLauncher",
        Artifacts.sparkFixtureJar().toString(),
        "dev.metricsagent.testapps.SparkFixtureApp",
        "--port",
        "0");
  }

  /** Runs the fixture (by {@code mainClass} on {@code classPath}) with the agent; exact counts. */
  private static void runFixtureWithAgent(
      String test, String classPath, String mainClass, String... args) {
    int metricsPort = FreePort.find();
    ChildJvm app =
        ChildJvm.builder(test, "fixture")
            .agent("port=" + metricsPort + ",host=127.0.0.1")
            .mainClass(classPath, mainClass)
            .args(args)
            .start();
    try {
      assertFixtureCountedExactly(app, metricsPort);
    } finally {
      app.destroy();
    }
  }

  @Test
  void anAppWithItsOwnPrometheusClientAndByteBuddyRunsUnchanged() {
    int metricsPort = FreePort.find();
    ChildJvm app =
        ChildJvm.builder("ReachIT-own-client", "own-client")
            .agent("port=" + metricsPort + ",host=127.0.0.1")
            .jar(Artifacts.ownClientJar())
            .start();
    try {
      Http http = new Http(port(app, "own-client"));
      app.awaitStderr("serving metrics on");
      for (int i = 0; i < 4; i++) {
        assertEquals(200, http.get("/hello").status());
      }
      Http.Reply generated = http.get("/generated");
      assertEquals(200, generated.status());
      assertEquals("made by the app's own net.bytebuddy.ByteBuddy", generated.body());

      // the app's own registry has only its own counter, counted by its own filter
      Scrape own = Scrape.ofText(http.get("/app-metrics").body());
      assertEquals(4.0, own.value("http_requests_total", "path", "/hello"));
      assertEquals(1.0, own.value("http_requests_total", "path", "/generated"));
      assertTrue(own.names().stream().noneMatch(n -> n.startsWith("process_") || n.startsWith("http_request_duration")), own.text());

      // and the agent's registry has exact numbers of its own, with its own labels
      Map<String, Double> expected = new TreeMap<>();
      expected.put("http_requests_total{endpoint=\"/hello\",method=\"GET\",status_code=\"200\"}", 4.0);
      expected.put("http_requests_total{endpoint=\"/generated\",method=\"GET\",status_code=\"200\"}", 1.0);
      expected.put("http_requests_total{endpoint=\"/app-metrics\",method=\"GET\",status_code=\"200\"}", 1.0);
      Scrape agent = Scrape.awaitCounts(metricsPort, "http_requests_total", expected);
      assertEquals(expected, agent.seriesNamed("http_requests_total"));
      AttachIT.assertNoAgentProblems(app);
    } finally {
      app.destroy();
    }
  }

  static Stream<String> olderSparkReleases() {
    return Stream.of("2.5.5", "2.7.2", "2.8.0");
  }

  @ParameterizedTest
  @MethodSource("olderSparkReleases")
  void olderSparkReleasesShareTheHooks(String version) {
    runFixtureWithAgent(
        "ReachIT-spark-" + version,
        Artifacts.sparkFixtureClasses() + ":" + Artifacts.sparkLibs(version) + "/*",
        "dev.metricsagent.testapps.SparkFixtureApp",
        "--port",
        "" + FreePort.find()); // Spark 2.5 cannot report a port it picked
  }

  @Test
  void aSparkWithoutTheHookedMethodsGetsOneWarningAndTheAppRuns() {
    int metricsPort = FreePort.find();
    ChildJvm app =
        ChildJvm.builder("ReachIT-missing-hooks", "app")
            .agent("port=" + metricsPort + ",host=127.0.0.1")
            .jar(Artifacts.missingHooksJar())
            .start();
    try {
      Http http = new Http(port(app, "missing-hooks"));
      assertEquals(200, http.get("/hello").status());
      app.awaitStderr("serving metrics on");
      List<String> warnings =
          app.agentLines().stream().filter(l -> l.contains("WARNING")).toList();
      assertEquals(1, warnings.size(), app.describeOutput());
      assertTrue(
          warnings.get(0).contains("this framework version is not supported")
              && warnings.get(0).contains("spark."),
          warnings.get(0));
      // recorded when the handler's chain returns, maybe just after the client has the answer
      Scrape s =
          Scrape.await(
              metricsPort, x -> x.sum("http_requests_total") >= 1, java.time.Duration.ofSeconds(10));
      assertTrue(s.names().containsAll(Scrape.PROCESS_METRICS), s.names().toString());
      // the Spark module is off; the JDK HTTP server the app answers on is measured
      assertEquals(
          Map.of(
              Scrape.key(
                  "http_requests_total", "endpoint", "/hello", "method", "GET", "status_code", "200"),
              1.0),
          s.seriesNamed("http_requests_total"));
    } finally {
      app.destroy();
    }
  }

  static Stream<String> nonSparkApps() {
    return Stream.of("PlainMain", "JdkHttpServerApp");
  }

  @ParameterizedTest
  @MethodSource("nonSparkApps")
  void attachedToANonSparkJvmItExportsProcessAndJvmMetrics(String mainClass) {
    ChildJvm app =
        ChildJvm.builder("ReachIT-non-spark-" + mainClass, "app")
            .mainClass(Artifacts.plainAppJar().toString(), "dev.metricsagent.testapps." + mainClass)
            .args(mainClass.equals("PlainMain") ? new String[] {"60000"} : new String[0])
            .start();
    try {
      app.awaitStdout(".+"); // started
      int metricsPort = FreePort.find();
      AgentCli.Result r = AgentCli.run("attach", "" + app.pid(), "port=" + metricsPort + ",host=127.0.0.1");
      assertEquals(0, r.exitCode(), r.toString());
      Scrape s = Scrape.of(metricsPort);
      assertTrue(s.names().containsAll(Scrape.PROCESS_METRICS), s.names().toString());
      assertTrue(s.names().contains("jvm_memory_used_bytes"), s.names().toString());
      assertTrue(s.value("process_threads") > 1);
      AttachIT.assertNoAgentProblems(app);
      assertTrue(app.isAlive());
    } finally {
      app.destroy();
    }
  }

}
