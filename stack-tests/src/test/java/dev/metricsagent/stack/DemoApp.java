package dev.metricsagent.stack;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** demo-app.jar with metrics-agent.jar as a child JVM, both on 127.0.0.1 and free ports. */
final class DemoApp implements AutoCloseable {
  static final Pattern LISTENING = Pattern.compile("(?m)^demo-app listening on http://localhost:(\\d+)$");
  static final Pattern SERVING =
      Pattern.compile("(?m)^\\[metrics-agent\\] .*serving metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
  static final Pattern AGENT_ERROR = Pattern.compile("(?m)^\\[metrics-agent\\] ERROR.*$");

  final Child child;
  final URI url;
  final int metricsPort;

  private DemoApp(Child child, URI url, int metricsPort) {
    this.child = child;
    this.url = url;
    this.metricsPort = metricsPort;
  }

  static String javaBin() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  static DemoApp start(Path dir) throws InterruptedException {
    Path agent = Stack.requireJar("metricsAgent.jar", "agent/target/metrics-agent.jar");
    Path app = Stack.requireJar("demoApp.jar", "demo-app/target/demo-app.jar");
    int metricsPort = Stack.freePort();
    Child c =
        Child.start(
            "demo-app with metrics-agent",
            List.of(
                javaBin(),
                "-Xmx256m",
                "-javaagent:" + agent + "=port=" + metricsPort + ",host=127.0.0.1",
                "-jar",
                app.toString(),
                "--port",
                "0",
                "--host",
                "127.0.0.1"),
            dir,
            dir.resolve("demo-app.log"),
            Map.of());
    try {
      // Readiness from the two log lines only: a probe request would show up in the counters.
      int appPort = Integer.parseInt(c.awaitLine(LISTENING, Duration.ofSeconds(120)).group(1));
      c.awaitLine(SERVING, Duration.ofSeconds(60));
      java.util.regex.Matcher err = AGENT_ERROR.matcher(c.output());
      if (err.find()) {
        throw new AssertionError("the agent failed: " + err.group() + "; log " + c.log);
      }
      return new DemoApp(c, URI.create("http://127.0.0.1:" + appPort), metricsPort);
    } catch (AssertionError | RuntimeException | InterruptedException e) {
      c.close();
      throw e;
    }
  }

  @Override
  public void close() {
    child.close();
  }
}
