package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * scripts/demo and scripts/load as a user runs them: argument errors, a busy port, then the demo
 * started, load sent, the agent's counters compared with load's summary, the Dockerfile's
 * HEALTHCHECK command run against the app, and the demo stopped by a signal with its JVM gone.
 */
class ScriptsIT {
  static final Path DEMO = Stack.repo("scripts/demo");
  static final Path LOAD = Stack.repo("scripts/load");

  @BeforeAll
  static void jarsBuilt() {
    // scripts/demo would build them itself; the tests must not run Maven inside Maven.
    Stack.requireJar("metricsAgent.jar", "agent/target/metrics-agent.jar");
    Stack.requireJar("demoApp.jar", "demo-app/target/demo-app.jar");
  }

  private static Child run(String name, Map<String, String> env, String... cmd) {
    Path dir = Stack.workDir("scripts-" + name);
    Map<String, String> e = new java.util.HashMap<>(env);
    e.put("TMPDIR", dir.toString()); // scripts/demo's app log goes there, not to /tmp
    return Child.start(name, List.of(cmd), Stack.repoRoot(), dir.resolve("out.log"), e);
  }

  private static String runToEnd(String name, int expectedExit, Map<String, String> env, String... cmd)
      throws InterruptedException {
    try (Child c = run(name, env, cmd)) {
      int code = c.awaitExit(Duration.ofSeconds(120));
      String out = c.output();
      assertEquals(expectedExit, code, String.join(" ", cmd) + " exited " + code + ":\n" + out);
      return out;
    }
  }

  @Test
  void badArgumentsGetUsageAndExit2() throws Exception {
    String out = runToEnd("demo-bad-port", 2, Map.of(), DEMO.toString(), "--app-port", "abc");
    assertTrue(out.contains("invalid app port 'abc'") && out.contains("Usage: scripts/demo"), out);
    out = runToEnd("demo-unknown", 2, Map.of(), DEMO.toString(), "--colour");
    assertTrue(out.contains("unknown argument '--colour'") && out.contains("Usage: scripts/demo"), out);
    out = runToEnd("demo-help", 0, Map.of(), DEMO.toString(), "--help");
    assertTrue(out.contains("Usage: scripts/demo"), out);

    out = runToEnd("load-bad-rate", 2, Map.of(), LOAD.toString(), "--rate", "fast");
    assertTrue(out.contains("invalid --rate 'fast'") && out.contains("Usage: scripts/load"), out);
    out = runToEnd("load-bad-duration", 2, Map.of(), LOAD.toString(), "--duration", "0");
    assertTrue(out.contains("invalid --duration '0'"), out);
    out = runToEnd("load-unknown", 2, Map.of(), LOAD.toString(), "--users", "5");
    assertTrue(out.contains("unknown argument '--users'"), out);
    out = runToEnd("load-bad-url", 2, Map.of(), LOAD.toString(), "--url", "localhost:8000");
    assertTrue(out.contains("invalid --url"), out);
    int closed = Stack.freePort();
    out = runToEnd("load-unreachable", 1, Map.of(), LOAD.toString(),
        "--url", "http://127.0.0.1:" + closed, "--duration", "1");
    assertTrue(out.contains("cannot reach http://127.0.0.1:" + closed), out);
  }

  @Test
  void demoRefusesBusyPorts() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = busy.getLocalPort();
      String out = runToEnd("demo-busy-app", 1, Map.of(), DEMO.toString(),
          "--app-port", Integer.toString(port), "--metrics-port", Integer.toString(Stack.freePort()));
      assertTrue(out.contains("app port " + port + " is busy"), out);
      out = runToEnd("demo-busy-metrics", 1,
          Map.of("APP_PORT", Integer.toString(Stack.freePort()), "METRICS_PORT", Integer.toString(port)),
          DEMO.toString());
      assertTrue(out.contains("metrics port " + port + " is busy"), out);
    }
  }

  @Test
  void demoRunsLoadIsCountedExactlyAndTermStopsTheApp() throws Exception {
    int appPort = Stack.freePort();
    int metricsPort = Stack.freePort();
    Child demo = run("demo", Map.of("APP_PORT", Integer.toString(appPort), "METRICS_PORT",
        Integer.toString(metricsPort)), DEMO.toString());
    long javaPid;
    try {
      demo.awaitLine(Pattern.compile("Press Ctrl-C to stop"), Duration.ofSeconds(150));
      String out = demo.output();
      assertTrue(out.contains("demo app:  http://127.0.0.1:" + appPort), out);
      assertTrue(out.contains("metrics:   http://127.0.0.1:" + metricsPort + "/metrics"), out);
      Matcher pid = Pattern.compile("\\(pid (\\d+),").matcher(out);
      assertTrue(pid.find(), out);
      javaPid = Long.parseLong(pid.group(1));
      assertTrue(out.contains("scripts/load --url http://127.0.0.1:" + appPort + " --duration 60 --rate 50"), out);
      prometheusCommandRunsAsPrinted(out);

      String load = runToEnd("load", 0, Map.of(), LOAD.toString(),
          "--url", "http://127.0.0.1:" + appPort, "--duration", "4", "--rate", "25", "--seed", "7");
      Matcher summary = Pattern.compile("Summary: (\\d+) requests sent, (\\d+) answered, (\\d+) failed").matcher(load);
      assertTrue(summary.find(), load);
      int sent = Integer.parseInt(summary.group(1));
      assertTrue(sent > 50, load);
      assertEquals(sent, Integer.parseInt(summary.group(2)), load);
      assertEquals(0, Integer.parseInt(summary.group(3)), load);
      assertTrue(load.contains("[") && load.contains("req/s"), "a progress line: " + load);
      assertTrue(load.contains("By endpoint"), load);
      Map<String, Integer> loadByStatus = section(load, "By status code:");
      for (String s : List.of("200", "201", "204", "400", "404", "409")) {
        assertTrue(loadByStatus.containsKey(s), "the mix has " + s + "s: " + load);
      }

      // The agent counted exactly what load sent, status by status.
      Map<String, Integer> agentByStatus = new TreeMap<>();
      Pattern line = Pattern.compile("(?m)^http_requests_total\\{([^}]*)\\} (\\S+)$");
      Matcher m = line.matcher(scrape(metricsPort));
      int total = 0;
      while (m.find()) {
        Matcher st = Pattern.compile("status_code=\"(\\d+)\"").matcher(m.group(1));
        assertTrue(st.find(), m.group());
        int v = (int) Double.parseDouble(m.group(2));
        agentByStatus.merge(st.group(1), v, Integer::sum);
        total += v;
      }
      assertEquals(sent, total, "sum of http_requests_total vs load's summary\n" + load);
      assertEquals(loadByStatus, agentByStatus, "by status code");

      // The Dockerfile's HEALTHCHECK command, as the image runs it, against this app.
      JsonNode hc = DockerFilesTest.healthcheckCommand();
      List<String> cmd = new ArrayList<>();
      hc.forEach(a -> cmd.add(a.asText()));
      runToEnd("healthcheck-up", 0, Map.of("PORT", Integer.toString(appPort)), cmd.toArray(new String[0]));
      try (Child down = run("healthcheck-down", Map.of("PORT", Integer.toString(Stack.freePort())),
          cmd.toArray(new String[0]))) {
        assertNotEquals(0, down.awaitExit(Duration.ofSeconds(30)), "healthcheck against a closed port");
      }
    } finally {
      demo.process.destroy(); // SIGTERM to the script: its trap stops the JVM
    }
    int code = demo.awaitExit(Duration.ofSeconds(30));
    assertEquals(143, code, demo.output());
    assertTrue(demo.output().contains("Stopped."), demo.output());
    Optional<ProcessHandle> jvm = ProcessHandle.of(javaPid);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (jvm.isPresent() && jvm.get().isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(jvm.isEmpty() || !jvm.get().isAlive(), "the demo's JVM (pid " + javaPid + ") is still running");
  }

  /**
   * The Prometheus command scripts/demo prints runs as printed, unprivileged: its storage in a
   * fresh temporary directory, on a port nothing else holds (Debian's own service takes :9090).
   */
  private static void prometheusCommandRunsAsPrinted(String demoOutput) throws Exception {
    Matcher cmd = Pattern.compile("(?m)^\\s+(prometheus --config.file=\\S+ --storage.tsdb.path=\"\\$\\(mktemp -d\\)\" --web.listen-address=127.0.0.1:(\\d+))$").matcher(demoOutput);
    assertTrue(cmd.find(), "the printed Prometheus command: " + demoOutput);
    Path bin = Stack.findTool("prometheus", "prometheus.bin", "/usr/bin/prometheus");
    if (bin == null) {
      return; // the command's form is checked; running it needs Debian's prometheus package
    }
    String line = cmd.group(1).replaceFirst("^prometheus ", "exec " + bin + " ");
    try (Child p = run("printed-prometheus", Map.of(), "bash", "-c", line)) {
      HttpClient c = HttpClient.newHttpClient();
      URI ready = URI.create("http://127.0.0.1:" + cmd.group(2) + "/-/ready");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int status = 0;
      while (status != 200 && System.nanoTime() < deadline && p.process.isAlive()) {
        try {
          status = c.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException notYet) {
          Thread.sleep(200);
        }
      }
      assertEquals(200, status, "prometheus as scripts/demo prints it:\n" + p.output());
    }
  }

  /** "  200    12" lines after {@code header}, up to the next blank line. */
  private static Map<String, Integer> section(String text, String header) {
    Map<String, Integer> out = new TreeMap<>();
    int at = text.indexOf(header);
    assertTrue(at >= 0, header + " in " + text);
    for (String l : text.substring(at + header.length()).split("\n")) {
      if (l.isBlank()) {
        if (!out.isEmpty()) {
          break;
        }
        continue;
      }
      String[] p = l.trim().split("\\s+");
      out.put(p[0], Integer.parseInt(p[1]));
    }
    return out;
  }

  private static String scrape(int port) throws Exception {
    HttpClient c = HttpClient.newHttpClient();
    return c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
