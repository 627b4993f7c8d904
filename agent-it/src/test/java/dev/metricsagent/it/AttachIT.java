package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar metrics-agent.jar list | attach <pid> [options]} against real running JVMs
 * (the command and its targets on the JDK of {@link Artifacts#javaHome()}).
 */
class AttachIT {
  private static ChildJvm startDemo(String test, Path jdk, String... jvmArgs) {
    return ChildJvm.builder(test, "demo")
        .javaHome(jdk)
        .jvmArgs(jvmArgs)
        .jar(Artifacts.demoAppJar())
        .args("--port", "0", "--host", "127.0.0.1")
        .start();
  }

  private static int appPort(ChildJvm app) {
    return Integer.parseInt(app.awaitStdout("demo-app listening on http://localhost:(\\d+)").group(1));
  }

  private static void expect(Http http, String method, String path, String body, int status) {
    Http.Reply r =
        body == null
            ? http.send(method, path, null)
            : http.send(method, path, body, "Content-Type", "application/json");
    assertEquals(status, r.status(), method + " " + path);
  }

  @Test
  void attachToARunningAppMeasuresWhatComesAfterExactly() {
    Path jdk = Artifacts.javaHome();
    ChildJvm app = startDemo("AttachIT-exact", jdk);
    try {
      Http http = new Http(appPort(app));
      // before the attach: Spark's classes are loaded and its routes registered
      expect(http, "POST", "/products", "{\"id\":1,\"name\":\"a\",\"price\":1.5,\"amount\":1}", 201);
      expect(http, "GET", "/products/1", null, 200);

      int metricsPort = FreePort.find();
      AgentCli.Result r =
          AgentCli.run(jdk, List.of(), "attach", "" + app.pid(), "port=" + metricsPort + ",host=127.0.0.1");
      assertEquals(0, r.exitCode(), r.toString());
      assertEquals(
          "metrics-agent attached to " + app.pid() + "; metrics at http://127.0.0.1:" + metricsPort + "/metrics",
          r.stdout());

      for (int i = 0; i < 5; i++) {
        expect(http, "GET", "/products/1", null, 200);
      }
      expect(http, "GET", "/products/2", null, 404);
      expect(http, "POST", "/products", "{\"id\":1,\"name\":\"a\",\"price\":1.5,\"amount\":1}", 409);
      expect(http, "DELETE", "/products/1", null, 204);
      expect(http, "GET", "/no/such/page", null, 404);

      Scrape s =
          Scrape.awaitCounts(
              metricsPort,
              "http_requests_total",
              Map.of(
                  "http_requests_total{endpoint=\"/products/:id\",method=\"GET\",status_code=\"200\"}", 5.0,
                  "http_requests_total{endpoint=\"/products/:id\",method=\"GET\",status_code=\"404\"}", 1.0,
                  "http_requests_total{endpoint=\"/products\",method=\"POST\",status_code=\"409\"}", 1.0,
                  "http_requests_total{endpoint=\"/products/:id\",method=\"DELETE\",status_code=\"204\"}", 1.0,
                  "http_requests_total{endpoint=\"unmatched\",method=\"GET\",status_code=\"404\"}", 1.0));
      // no series at zero either: what the attach found registered has no request series
      assertEquals(
          Scrape.nonZero(s.seriesNamed("http_requests_total")), s.seriesNamed("http_requests_total"));
      assertTrue(s.names().contains("process_threads"), s.names().toString());
      assertTrue(s.names().contains("jvm_memory_used_bytes"), s.names().toString());
      // routes registered before the attach: listed when the first request used the table
      for (String route : List.of("GET /", "GET /health", "POST /products", "GET /products/:id",
          "PUT /products/:id", "DELETE /products/:id")) {
        String[] mt = route.split(" ");
        assertEquals(1.0, s.value("http_route_info", "method", mt[0], "endpoint", mt[1]), route);
      }
      assertEquals(
          0.0,
          s.value("http_request_duration_seconds_count", "method", "PUT", "endpoint", "/products/:id"),
          "a route not called since the attach is there at zero");
      assertNoAgentProblems(app);
    } finally {
      app.destroy();
    }
  }

  @Test
  void aSecondAttachIsDetectedAndChangesNothing() {
    Path jdk = Artifacts.javaHome();
    ChildJvm app = startDemo("AttachIT-twice", jdk);
    try {
      Http http = new Http(appPort(app));
      int[] ports = FreePort.distinct(2);
      AgentCli.Result first = AgentCli.run("attach", "" + app.pid(), "port=" + ports[0] + ",host=127.0.0.1");
      assertEquals(0, first.exitCode(), first.toString());
      AgentCli.Result second = AgentCli.run("attach", "" + app.pid(), "port=" + ports[1] + ",host=127.0.0.1");
      assertEquals(0, second.exitCode(), second.toString());
      assertEquals("metrics-agent already active in " + app.pid() + " on port " + ports[0], second.stdout());

      expect(http, "GET", "/health", null, 200);
      Scrape.awaitCounts(
          ports[0],
          "http_requests_total",
          Map.of(Scrape.key("http_requests_total", "endpoint", "/health", "method", "GET", "status_code", "200"), 1.0));
      assertFalse(app.listeningPorts().contains(ports[1]), "a second exporter was started");
    } finally {
      app.destroy();
    }
  }

  @Test
  void attachAfterJavaagentIsDetectedAndCountsStaySingle() {
    int[] ports = FreePort.distinct(2);
    ChildJvm app =
        ChildJvm.builder("AttachIT-after-javaagent", "demo")
            .agent("port=" + ports[0] + ",host=127.0.0.1")
            .jar(Artifacts.demoAppJar())
            .args("--port", "0", "--host", "127.0.0.1")
            .start();
    try {
      Http http = new Http(appPort(app));
      app.awaitStderr("serving metrics on");
      AgentCli.Result r = AgentCli.run("attach", "" + app.pid(), "port=" + ports[1]);
      assertEquals(0, r.exitCode(), r.toString());
      assertEquals("metrics-agent already active in " + app.pid() + " on port " + ports[0], r.stdout());
      for (int i = 0; i < 3; i++) {
        expect(http, "GET", "/health", null, 200);
      }
      Scrape.awaitCounts(
          ports[0],
          "http_requests_total",
          Map.of(Scrape.key("http_requests_total", "endpoint", "/health", "method", "GET", "status_code", "200"), 3.0));
      assertFalse(app.listeningPorts().contains(ports[1]));
    } finally {
      app.destroy();
    }
  }

  @Test
  void requestsInFlightDuringTheAttachCauseNoErrorAndNoCount() throws Exception {
    ChildJvm app =
        ChildJvm.builder("AttachIT-in-flight", "fixture")
            .jar(Artifacts.sparkFixtureJar())
            .args("--port", "0")
            .start();
    try {
      int appPort =
          Integer.parseInt(app.awaitStdout("fixture listening on http://localhost:(\\d+)").group(1));
      Http http = new Http(appPort);
      assertEquals(200, http.get("/hello").status());
      // four requests sleeping inside their route while the agent attaches and weaves
      List<CompletableFuture<Http.Reply>> inFlight =
          Stream.generate(() -> CompletableFuture.supplyAsync(() -> http.get("/slow?ms=3000")))
              .limit(4)
              .toList();
      app.awaitThreadsIn("SparkFixtureApp", "sleep", 4);
      int metricsPort = FreePort.find();
      AgentCli.Result r = AgentCli.run("attach", "" + app.pid(), "port=" + metricsPort + ",host=127.0.0.1");
      assertEquals(0, r.exitCode(), r.toString());
      for (CompletableFuture<Http.Reply> f : inFlight) {
        assertEquals(200, f.get().status());
      }
      assertEquals(200, http.get("/slow?ms=1").status());
      assertEquals(200, http.get("/hello").status());
      // the two sent after the attach are the markers: once they are in, the four would be too
      Scrape s =
          Scrape.awaitCounts(
              metricsPort,
              "http_requests_total",
              Map.of(
                  "http_requests_total{endpoint=\"/slow\",method=\"GET\",status_code=\"200\"}", 1.0,
                  "http_requests_total{endpoint=\"/hello\",method=\"GET\",status_code=\"200\"}", 1.0));
      assertEquals(
          Scrape.nonZero(s.seriesNamed("http_requests_total")), s.seriesNamed("http_requests_total"));
      assertNoAgentProblems(app);
    } finally {
      app.destroy();
    }
  }

  @Test
  void listShowsRunningJvms() {
    ChildJvm app = startDemo("AttachIT-list", Artifacts.javaHome());
    try {
      appPort(app);
      AgentCli.Result r = AgentCli.run("list");
      assertEquals(0, r.exitCode(), r.toString());
      assertTrue(
          r.stdout().lines().anyMatch(l -> l.matches(app.pid() + "\t.*demo-app\\.jar.*")), r.toString());
    } finally {
      app.destroy();
    }
  }

  @Test
  void noSuchPid() {
    AgentCli.Result r = AgentCli.run("attach", "999999999");
    assertEquals(1, r.exitCode(), r.toString());
    assertEquals("metrics-agent: no process with pid 999999999", r.stderr());
  }

  @Test
  void notAJvm() throws IOException {
    Process sleep = new ProcessBuilder("sleep", "60").start();
    try {
      AgentCli.Result r = AgentCli.run("attach", "" + sleep.pid());
      assertEquals(1, r.exitCode(), r.toString());
      assertEquals("metrics-agent: process " + sleep.pid() + " is not a Java VM", r.stderr());
    } finally {
      sleep.destroyForcibly();
    }
  }

  @Test
  void attachRefusedByTheTarget() {
    ChildJvm app = startDemo("AttachIT-refused", Artifacts.javaHome(), "-XX:+DisableAttachMechanism");
    try {
      appPort(app);
      AgentCli.Result r = AgentCli.run("attach", "" + app.pid());
      assertEquals(1, r.exitCode(), r.toString());
      assertEquals(1, r.stderr().lines().count(), r.toString());
      assertTrue(r.stderr().startsWith("metrics-agent: cannot attach to pid " + app.pid() + ": "), r.toString());
      assertTrue(r.stderr().contains("-XX:+DisableAttachMechanism"), r.toString());
    } finally {
      app.destroy();
    }
  }

  @Test
  void invalidOptionsAreRejectedBeforeAttaching() {
    ChildJvm app = startDemo("AttachIT-bad-options", Artifacts.javaHome());
    try {
      appPort(app);
      AgentCli.Result r = AgentCli.run("attach", "" + app.pid(), "port=70000");
      assertEquals(2, r.exitCode(), r.toString());
      assertEquals(
          "metrics-agent: invalid value '70000' for option port (from agent argument port): expected an"
              + " integer 1..65535; nothing was attached",
          r.stderr());
      assertTrue(app.agentLines().isEmpty(), "the target heard from the agent: " + app.agentLines());
    } finally {
      app.destroy();
    }
  }

  @Test
  void usageErrors() {
    AgentCli.Result none = AgentCli.run();
    assertEquals(2, none.exitCode(), none.toString());
    assertTrue(none.stderr().startsWith("usage: java -jar metrics-agent.jar list | attach <pid>"), none.toString());
    AgentCli.Result badPid = AgentCli.run("attach", "12ab");
    assertEquals(2, badPid.exitCode(), badPid.toString());
    assertEquals("metrics-agent: invalid pid '12ab': expected a process id (see 'list')", badPid.stderr());
  }

  @Test
  void aRuntimeWithoutTheAttachModuleSaysSo() {
    // a JRE is the JDK without jdk.attach: --limit-modules gives exactly that view
    AgentCli.Result r =
        AgentCli.run(
            Artifacts.javaHome(),
            List.of("--limit-modules", "java.base,java.instrument,java.management,java.logging"),
            "list");
    assertEquals(1, r.exitCode(), r.toString());
    assertEquals(
        "metrics-agent: this Java runtime has no attach support (module jdk.attach): run the command"
            + " with a JDK's java, e.g. the one the target runs on",
        r.stderr());
  }

  static void assertNoAgentProblems(ChildJvm app) {
    for (String line : app.agentLines()) {
      assertFalse(
          line.contains("WARNING") || line.contains("ERROR"), "agent problem in " + app + ": " + line);
    }
  }
}
