package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent never keeps a JVM alive: a plain main (no Spark on the class path) with the agent
 * exits by itself, code 0, when main returns, also while the exporter is serving.
 */
class JvmExitIT {
  private ChildJvm app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.destroy();
    }
  }

  @Test
  void exitsWhenMainReturnsAndServedMetricsMeanwhile() {
    int metricsPort = FreePort.find();
    app =
        ChildJvm.builder(getClass().getSimpleName(), "plain-waiting")
            .agent("host=127.0.0.1,port=" + metricsPort)
            .jar(Artifacts.plainAppJar())
            .args("stdin") // main returns when the test closes its stdin
            .start();
    app.awaitStdout("plain-app started");
    app.awaitStderr("serving metrics on http://127.0.0.1:" + metricsPort + "/metrics");

    assertTrue(app.isAlive(), "still in main while we scrape");
    Scrape s = Scrape.of(metricsPort);
    assertTrue(s.names().contains("jvm_memory_used_bytes"), s.names().toString());
    assertTrue(s.names().contains("process_threads"), s.names().toString());
    // no Spark here: the request metrics have no series
    assertTrue(s.seriesNamed("http_requests_total").isEmpty(), s.text());

    app.closeStdin();
    assertEquals(0, app.awaitExit(Duration.ofSeconds(60)));
    assertTrue(app.stdoutLines().contains("plain-app returning from main"), app.describeOutput());
    assertFalse(FreePort.isListening(metricsPort), "the exporter went away with the JVM");
    assertEquals(1, app.agentLines().size(), app.agentLines().toString());
  }

  @Test
  void exitsWhenMainReturnsBeforeTheExporterIsUp() {
    // main returns at once, racing the agent's background start-up: nothing may hold the JVM
    app =
        ChildJvm.builder(getClass().getSimpleName(), "plain-immediate")
            .agent("host=127.0.0.1,port=" + FreePort.find())
            .jar(Artifacts.plainAppJar())
            .args("0")
            .start();
    assertEquals(0, app.awaitExit(Duration.ofSeconds(60)), app.describeOutput());
    assertTrue(app.stdoutLines().contains("plain-app returning from main"), app.describeOutput());
    assertTrue(
        app.agentLines().stream()
            .noneMatch(l -> l.contains("WARNING") || l.contains("ERROR")),
        app.agentLines().toString());
  }
}
