package dev.metricsagent.stack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test app jar started with metrics-agent.jar and extra agent options, both on 127.0.0.1 and
 * free ports: {@link DemoApp} for any app that takes {@code --port 0 --host H} and prints {@code
 * <name> listening on http://localhost:<port>}.
 */
final class AgentApp implements AutoCloseable {
  final Child child;
  final URI url;
  final int metricsPort;

  private AgentApp(Child child, URI url, int metricsPort) {
    this.child = child;
    this.url = url;
    this.metricsPort = metricsPort;
  }

  static AgentApp start(Path dir, String name, Path jar, String agentOptions)
      throws InterruptedException {
    Path agent = Stack.requireJar("metricsAgent.jar", "agent/target/metrics-agent.jar");
    int metricsPort = Stack.freePort();
    List<String> command = new ArrayList<>(List.of(
        DemoApp.javaBin(),
        "-Xmx256m",
        "-javaagent:" + agent + "=port=" + metricsPort + ",host=127.0.0.1"
            + (agentOptions.isEmpty() ? "" : "," + agentOptions),
        "-jar", jar.toString(), "--port", "0", "--host", "127.0.0.1"));
    Child c = Child.start(name + " with metrics-agent", command, dir, dir.resolve(name + ".log"), Map.of());
    try {
      Pattern listening =
          Pattern.compile("(?m)" + Pattern.quote(name) + " listening on http://localhost:(\\d+)");
      int appPort = Integer.parseInt(c.awaitLine(listening, Duration.ofSeconds(120)).group(1));
      c.awaitLine(DemoApp.SERVING, Duration.ofSeconds(60));
      Matcher err = DemoApp.AGENT_ERROR.matcher(c.output());
      if (err.find()) {
        throw new AssertionError("the agent failed: " + err.group() + "; log " + c.log);
      }
      return new AgentApp(c, URI.create("http://127.0.0.1:" + appPort), metricsPort);
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
