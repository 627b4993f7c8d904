package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The host's Prometheus client configuration belongs to the host: it can neither move the
 * agent's exporter nor break it. Each test runs the demo app with one kind of source the
 * Prometheus library reads ({@code -Dio.prometheus.*} properties and files, {@code
 * IO_PROMETHEUS_*} variables, a {@code prometheus.config} that points nowhere) set against the
 * agent: a different exporter port, other buckets, keys the library rejects as unknown.
 */
class HostConfigIsolationIT {
  private static final String PROPERTIES =
      "io.prometheus.exporter.httpServer.port=%d\n"
          + "io.prometheus.metrics.histogramClassicUpperBounds=7,8,9\n"
          + "io.prometheus.no.such.key=1\n";

  private ChildJvm app;
  private int metricsPort;
  private int hostPort;
  private int appPort;

  @AfterEach
  void stop() {
    if (app != null) {
      app.destroy();
    }
  }

  @Test
  void systemPropertiesAndPropertiesFilesAreIgnored() throws IOException {
    Path dir = Artifacts.logsDir().resolve(getClass().getSimpleName()).toAbsolutePath();
    Path classpathDir = dir.resolve("classpath");
    Files.createDirectories(classpathDir);
    int[] p = FreePort.distinct(2);
    String props = String.format(PROPERTIES, p[1]);
    // the library reads prometheus.properties from the class path, so run the demo with -cp
    Files.writeString(classpathDir.resolve("prometheus.properties"), props);
    Path configFile = dir.resolve("prometheus-config.properties");
    Files.writeString(configFile, props);
    start(
        "system-properties-and-files",
        p,
        b ->
            b.systemProperty("io.prometheus.exporter.httpServer.port", "" + p[1])
                .systemProperty("io.prometheus.metrics.histogramClassicUpperBounds", "7,8,9")
                .systemProperty("io.prometheus.unknown.key", "1")
                .systemProperty("prometheus.config", configFile.toString())
                .mainClass(
                    classpathDir + File.pathSeparator + Artifacts.demoAppJar(),
                    "dev.metricsagent.demo.DemoApp"));
    assertIsolated();
  }

  @Test
  void environmentVariablesAreIgnored() {
    int[] p = FreePort.distinct(2);
    start(
        "environment",
        p,
        b ->
            b.env("IO_PROMETHEUS_EXPORTER_HTTP_SERVER_PORT", "" + p[1])
                .env("IO_PROMETHEUS_METRICS_HISTOGRAM_CLASSIC_UPPER_BOUNDS", "7,8,9")
                .env("IO_PROMETHEUS_NO_SUCH_KEY", "1")
                .jar(Artifacts.demoAppJar()));
    assertIsolated();
  }

  @Test
  void aPrometheusConfigPointingNowhereIsIgnored() {
    int[] p = FreePort.distinct(2);
    Path missing = Artifacts.logsDir().toAbsolutePath().resolve("no-such-prometheus.properties");
    start(
        "config-file-missing",
        p,
        b ->
            b.systemProperty("prometheus.config", missing.toString())
                .env("PROMETHEUS_CONFIG", missing.toString())
                .jar(Artifacts.demoAppJar()));
    assertIsolated();
  }

  private void start(String name, int[] ports, UnaryOperator<ChildJvm.Builder> hostConfig) {
    metricsPort = ports[0];
    hostPort = ports[1];
    app =
        hostConfig
            .apply(
                ChildJvm.builder(getClass().getSimpleName(), name)
                    .agent("host=127.0.0.1,port=" + metricsPort))
            .args("--port", "0", "--host", "127.0.0.1")
            .start();
    appPort =
        Integer.parseInt(app.awaitStdout("demo-app listening on http://localhost:(\\d+)").group(1));
    app.awaitLine(
        "\\[metrics-agent\\] .*(serving metrics on|ERROR|WARNING)", ChildJvm.READY_TIMEOUT);
  }

  /** Served on the agent's port only, complete, with the agent's buckets, no complaints. */
  private void assertIsolated() {
    List<String> lines = app.agentLines();
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(
        lines.get(0).contains("serving metrics on http://127.0.0.1:" + metricsPort + "/metrics"),
        lines.toString());
    assertFalse(FreePort.isListening(hostPort), "nothing on the host-configured port " + hostPort);
    assertEquals(new TreeSet<>(List.of(appPort, metricsPort)), app.listeningPorts());

    assertEquals(200, new Http(appPort).get("/health").status());
    Scrape s =
        Scrape.await(
            metricsPort, x -> x.sum("http_requests_total") >= 1, Duration.ofSeconds(10));
    assertEquals(
        1.0,
        s.value(
            "http_requests_total", "method", "GET", "endpoint", "/health", "status_code", "200"));
    for (String n :
        List.of("jvm_memory_used_bytes", "process_cpu_seconds_total", "process_threads")) {
      assertTrue(s.names().contains(n), n + " missing: " + s.names());
    }
    Set<Double> les = new TreeSet<>();
    for (String key : s.seriesNamed("http_request_duration_seconds_bucket").keySet()) {
      les.add(SparkFixtureAgentIT.le(s.labelsOf(key).get("le")));
    }
    assertEquals(
        new TreeSet<>(
            List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                Double.POSITIVE_INFINITY)),
        les,
        "the agent's default buckets, not the host's 7,8,9");
  }
}
