package dev.metricsagent;

import dev.metricsagent.bridge.Bridge;
import dev.metricsagent.config.AgentConfig;
import dev.metricsagent.core.HttpMetrics;
import dev.metricsagent.core.ProcessThreadsMetric;
import dev.metricsagent.exporter.MetricsServer;
import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Instrumenter;
import dev.metricsagent.instrumentation.spark.SparkInstrumentation;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.BindException;
import java.util.Arrays;
import java.util.List;

/**
 * Wires one running agent: claims the bridge, connects the HTTP metrics, weaves the frameworks,
 * and starts collectors and exporter on a daemon thread so the app's {@code main} is not delayed.
 */
final class AgentRuntime {
  static final String VERSION = versionOf(AgentRuntime.class);

  private AgentRuntime() {}

  static void start(AgentConfig config, Instrumentation inst) {
    if (!Bridge.claim(config.port(), VERSION)) {
      AgentLog.info(
          "already active on port " + Bridge.activePort() + "; this copy does nothing");
      return;
    }
    System.setProperty(AgentConfig.ACTIVE_PORT_PROPERTY, Integer.toString(config.port()));
    // The library's own sources (prometheus.properties, IO_PROMETHEUS_* variables) are the
    // host's business: the agent's exporter is configured by the agent's options only.
    PrometheusProperties props = PrometheusProperties.builder().build();
    PrometheusRegistry registry = new PrometheusRegistry();
    // Synchronous so no request finishing right after start-up is lost: it only builds two
    // metric objects.
    Bridge.setRecorder(
        new HttpMetrics(props, registry, config.buckets(), config.maxEndpoints()));
    List<InstrumentationModule> modules = Arrays.<InstrumentationModule>asList(new SparkInstrumentation());
    Instrumenter.install(inst, modules);

    Thread exporter = new Thread(() -> startExporter(config, props, registry), "metrics-agent-start");
    exporter.setDaemon(true); // and so inherit the HTTP server's dispatcher thread
    exporter.start();
  }

  private static void startExporter(
      AgentConfig config, PrometheusProperties props, PrometheusRegistry registry) {
    try {
      JvmMetrics.builder(props).register(registry);
      ProcessThreadsMetric.register(props, registry);
    } catch (Throwable t) {
      AgentLog.warn("JVM and process metrics are not available: " + t);
    }
    String where = config.host() + ":" + config.port();
    try {
      MetricsServer server = MetricsServer.start(props, registry, config.host(), config.port());
      AgentLog.info(
          "v" + VERSION + " serving metrics on http://" + displayHost(config.host()) + ":"
              + server.port() + "/metrics");
    } catch (BindException e) {
      AgentLog.error(
          "cannot serve metrics on " + where + " (" + e.getMessage()
              + "): the port is taken or the address is not local; the app runs on without the"
              + " exporter. Choose another with port=N");
    } catch (IOException | RuntimeException e) {
      AgentLog.error("cannot serve metrics on " + where + ": " + e + "; the app runs on without the exporter");
    }
  }

  private static String displayHost(String host) {
    return "0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : host;
  }

  private static String versionOf(Class<?> c) {
    String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
