package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * scripts/fleet without Prometheus: bad arguments, and {@code --no-prometheus} (also what runs
 * where Prometheus is not installed): instances and their target file only. FleetStackIT runs it
 * with Prometheus.
 */
class FleetScriptIT {
  @BeforeAll
  static void jarsBuilt() {
    // scripts/fleet would build them itself; the tests must not run Maven inside Maven.
    Stack.requireJar("metricsAgent.jar", "agent/target/metrics-agent.jar");
    Stack.requireJar("demoApp.jar", "demo-app/target/demo-app.jar");
  }

  private static String runToEnd(String name, int expectedExit, String... args) throws InterruptedException {
    Path dir = Stack.workDir("fleet-script-" + name);
    List<String> cmd = new java.util.ArrayList<>(List.of(FleetStackIT.FLEET.toString()));
    cmd.addAll(List.of(args));
    try (Child c = Child.start("scripts/fleet " + name, cmd, Stack.repoRoot(), dir.resolve("out.log"),
        Map.of("TMPDIR", dir.toString()))) {
      int code = c.awaitExit(Duration.ofSeconds(60));
      assertEquals(expectedExit, code, String.join(" ", cmd) + " exited " + code + ":\n" + c.output());
      return c.output();
    }
  }

  @Test
  void badArgumentsGetUsageAndExit2() throws Exception {
    for (String[] bad : new String[][] {
      {"0"}, {"51"}, {"three"}, {"2", "3"}, {"--app-port", "0"}, {"--metrics-port", "70000"},
      {"--interval", "fast"}, {"--interval", "0s"}, {"--nope"}, {"--dir"}}) {
      String out = runToEnd("bad", 2, bad);
      assertTrue(out.contains("scripts/fleet: ") && out.contains("Usage: scripts/fleet"), String.join(" ", bad) + ":\n" + out);
      assertFalse(out.contains("Starting"), "started nothing: " + out);
    }
    assertTrue(runToEnd("help", 0, "--help").contains("Usage: scripts/fleet"));
  }

  @Test
  void withoutPrometheusItRunsTheInstancesAndWritesTheirTargets() throws Exception {
    Path dir = Stack.workDir("fleet-script-no-prometheus");
    Path fleetDir = dir.resolve("fleet");
    int appBase = Stack.freeBasePort();
    try (Child c = Child.start("scripts/fleet --no-prometheus",
        List.of(FleetStackIT.FLEET.toString(), "2", "--no-prometheus", "--app-port", Integer.toString(appBase),
            "--metrics-port", Integer.toString(Stack.freeBasePort()), "--dir", fleetDir.toString()),
        Stack.repoRoot(), dir.resolve("out.log"), Map.of("TMPDIR", dir.toString()))) {
      c.awaitLine(java.util.regex.Pattern.compile("(?m)^Fleet ready: 2 instances"), Duration.ofSeconds(240));
      String out = c.output();
      assertFalse(out.contains("prometheus:"), out);
      Matcher m = FleetStackIT.INSTANCE.matcher(out);
      List<String> targets = new java.util.ArrayList<>();
      List<Long> pids = new java.util.ArrayList<>();
      HttpClient http = HttpClient.newHttpClient();
      while (m.find()) {
        targets.add(m.group(3));
        pids.add(Long.parseLong(m.group(4)));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(m.group(2) + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://" + m.group(3) + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertTrue(metrics.body().contains("http_requests_total{endpoint=\"/health\",method=\"GET\",status_code=\"200\"} 1.0"),
            metrics.body());
      }
      assertEquals(2, targets.size(), out);
      assertTrue(out.contains("app http://127.0.0.1:" + appBase + " "), "the first app port is the base when free: " + out);
      String file = Files.readString(fleetDir.resolve("prometheus/targets/metrics-agent.yml"));
      List<String> inFile = new java.util.ArrayList<>();
      Stack.readYaml(fleetDir.resolve("prometheus/targets/metrics-agent.yml"))
          .forEach(g -> g.path("targets").forEach(t -> inFile.add(t.asText())));
      assertEquals(targets, inFile, file);

      Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(c.process.pid())).inheritIO().start();
      assertEquals(0, kill.waitFor());
      assertEquals(143, c.awaitExit(Duration.ofSeconds(60)), c.tail());
      for (long pid : pids) {
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "instance pid " + pid + " stopped");
      }
    }
  }
}
