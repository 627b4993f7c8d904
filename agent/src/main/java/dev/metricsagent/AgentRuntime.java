package dev.metricsagent;

import dev.metricsagent.bridge.AgentClaim;
import dev.metricsagent.bridge.Recorders;
import dev.metricsagent.bridge.Settings;
import dev.metricsagent.config.AgentConfig;
import dev.metricsagent.core.HttpMetrics;
import dev.metricsagent.core.SelfMetrics;
import dev.metricsagent.exporter.StartTimestamps;
import dev.metricsagent.core.OnFirstScrape;
import dev.metricsagent.core.ProcessThreadsMetric;
import dev.metricsagent.exporter.MetricsServer;
import dev.metricsagent.instrumentation.CoverageListener;
import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Instrumenter;
import dev.metricsagent.instrumentation.JarVersion;
import dev.metricsagent.instrumentation.Modules;
import dev.metricsagent.instrumentation.RouteFinders;
import dev.metricsagent.instrumentation.RouteListers;
import dev.metricsagent.instrumentation.ServletConnections;
import dev.metricsagent.instrumentation.ServletSizes;
import dev.metricsagent.ui.LivePage;
import dev.metricsagent.ui.Sampler;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running agent: claims the bridge, weaves the frameworks, and builds the HTTP metrics and
 * the exporter on a daemon thread so the app's {@code main} is not delayed. The exporter serves as
 * soon as the metrics exist, whatever the app does; what it would cost the app's start-up is
 * kept off that path instead: the JVM collectors are built by the first scrape or live page view
 * (not by the live page's background readings), and at launch the live page takes its first
 * reading one step later ({@link #LIVE_PAGE_FIRST_READING_MS}).
 * A later copy of the agent (attach) finds it here and only retries the exporter if that failed.
 */
final class AgentRuntime {
  static final String VERSION = versionOf(AgentRuntime.class);

  private static final int STARTING = 0;
  private static final int SERVING = 1;
  private static final int FAILED = 2;

  /**
   * At launch, when the live page's sampler first reads the registry (the live page's windows
   * start from the metrics' creation at zero anyway). Its readings leave the JVM collectors (the
   * management classes, CPU a small machine's app start-up needs) to the first scrape or page view.
   */
  static final long LIVE_PAGE_FIRST_READING_MS = Sampler.STEP_MILLIS;

  /** The runtime of this JVM, once started; a second attach is loaded into the same class. */
  private static volatile AgentRuntime current;

  private final PrometheusProperties props;
  private final PrometheusRegistry registry;
  private final HttpMetrics metrics;
  private final SelfMetrics self;
  private final AtomicInteger exporterState = new AtomicInteger(STARTING);

  /** When the HTTP metrics were created, all at zero (the live page's windows start there). */
  private final long createdNanos = System.nanoTime();

  private AgentRuntime(
      PrometheusProperties props, PrometheusRegistry registry, HttpMetrics metrics,
      SelfMetrics self) {
    this.props = props;
    this.registry = registry;
    this.metrics = metrics;
    this.self = self;
  }

  static void start(AgentConfig config, Instrumentation inst, boolean attached) {
    if (!AgentClaim.claim(VERSION)) {
      AgentRuntime r = current;
      if (r != null && r.exporterState.compareAndSet(FAILED, STARTING)) {
        AgentLog.info("already active; its exporter was not running, starting it on port " + config.port());
        r.startExporter(config, false);
      } else {
        AgentLog.info(alreadyActive(AgentClaim.activePort()));
      }
      return;
    }
    // the modules' verdicts, reported as they come (at premain: before the metrics exist)
    SelfMetrics self = new SelfMetrics();
    CoverageListener coverage =
        (stack, hook, where, missing) ->
            self.instrumentation(stack, JarVersion.of(where, hook), hook, missing);
    List<InstrumentationModule> modules = Modules.all();
    Settings.install(
        Settings.NONE
            .withTraceparent(config.exemplars())
            .withSizeReader(config.sizes() ? new ServletSizes() : null)
            // route tables the advice reports (a servlet context at its first request; after an
            // attach, a framework's router when a request first uses it) are listed by the modules
            .withRouteLister(RouteListers.of(modules))
            .withRouteFinder(RouteFinders.of(modules))
            .withAgentLoader(AgentRuntime.class.getClassLoader()) // the exporter's own handlers
            .withConnectionReader(
                config.namingProfile().usesConnection() ? new ServletConnections() : null));
    if (attached) {
      // The app runs: build the metrics before weaving, so no request thread ever waits for them.
      AgentRuntime runtime = build(config, self);
      Instrumenter.install(inst, modules, true, coverage);
      runtime.startExporter(config, true);
      return;
    }
    // Before main: the Prometheus classes (~50 ms of loading and linking) are built on the agent's
    // thread while the app starts. The bridge holds the app's first route registrations or
    // requests until they are ready, so nothing is lost.
    Recorders.pending();
    // started before the transformer is installed, so the pending recorder is released even if
    // installing fails
    onAgentThread(
        () -> {
          AgentRuntime runtime;
          try {
            runtime = build(config, self);
          } catch (Throwable e) {
            Recorders.set(null); // release anything waiting: the app runs on unmeasured
            AgentLog.error("could not build the metrics, the app runs without them: " + e);
            return;
          }
          // serve at once: a scrape in the app's first second is answered, not refused
          runtime.exporter(config, true, LIVE_PAGE_FIRST_READING_MS);
        });
    Instrumenter.install(inst, modules, false, coverage);
  }

  /** The registry and the HTTP metrics, connected to the bridge. */
  private static AgentRuntime build(AgentConfig config, SelfMetrics self) {
    // The library's own sources (prometheus.properties, IO_PROMETHEUS_* variables) are the
    // host's business: the agent's exporter is configured by the agent's options only.
    PrometheusProperties props = StartTimestamps.properties(config.startTimestamps());
    PrometheusRegistry registry = new PrometheusRegistry();
    HttpMetrics metrics =
        new HttpMetrics(props, registry, config.httpMetrics());
    self.register(registry, metrics);
    AgentRuntime runtime = new AgentRuntime(props, registry, metrics, self);
    Recorders.set(metrics);
    current = runtime;
    return runtime;
  }

  private void startExporter(AgentConfig config, boolean withCollectors) {
    onAgentThread(() -> exporter(config, withCollectors, 0));
  }

  /**
   * On the agent's thread: collectors (optional), then serve.
   *
   * @param firstReadingMillis when the live page's sampler first reads the registry (0: now)
   */
  private void exporter(AgentConfig config, boolean withCollectors, long firstReadingMillis) {
    if (withCollectors) {
      registerCollectors();
    }
    serve(config, firstReadingMillis);
  }

  private static void onAgentThread(Runnable work) {
    Thread t = new Thread(work, "metrics-agent-start");
    t.setDaemon(true); // and so are the HTTP server's threads, which inherit it
    t.start();
  }

  /** JVM and process collectors, built on the first scrape so they cost the app no start-up. */
  private void registerCollectors() {
    registry.register(
        new OnFirstScrape(
            r -> {
              try {
                registerJvmMetrics(props, r);
                ProcessThreadsMetric.register(props, r);
              } catch (Throwable t) {
                AgentLog.warn("JVM and process metrics are not available: " + t);
              }
            }));
  }

  /**
   * What {@code JvmMetrics.builder(props).register(registry)} registers, except that the native
   * memory metrics are asked for only when Native Memory Tracking is on. Finding out that it is
   * off (the default) takes a diagnostic command through the platform MBean server, i.e. starting
   * JMX in the host: about 0.4 s of CPU at start-up, after which they register nothing.
   */
  static void registerJvmMetrics(PrometheusProperties props, PrometheusRegistry registry) {
    JvmThreadsMetrics.builder(props).register(registry);
    JvmBufferPoolMetrics.builder(props).register(registry);
    JvmClassLoadingMetrics.builder(props).register(registry);
    JvmCompilationMetrics.builder(props).register(registry);
    JvmGarbageCollectorMetrics.builder(props).register(registry);
    JvmMemoryPoolAllocationMetrics.builder(props).register(registry);
    JvmMemoryMetrics.builder(props).register(registry);
    if (nativeMemoryTrackingOn()) {
      JvmNativeMemoryMetrics.builder(props).register(registry);
    }
    JvmRuntimeInfoMetric.builder(props).register(registry);
    ProcessMetrics.builder(props).register(registry);
  }

  /** {@code -XX:NativeMemoryTracking=summary|detail} (also from JAVA_TOOL_OPTIONS). */
  private static boolean nativeMemoryTrackingOn() {
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-XX:NativeMemoryTracking=") && !arg.endsWith("=off")) {
        return true;
      }
    }
    return false;
  }

  /** What a second copy says: the first one's port, or that its exporter is not serving yet. */
  static String alreadyActive(int port) {
    return port > 0
        ? "already active on port " + port + "; this copy does nothing"
        : "already active (its exporter is starting); this copy does nothing";
  }

  private void serve(AgentConfig config, long firstReadingMillis) {
    String where = config.host() + ":" + config.port();
    // the live page (ui=false: off): its sampler's thread runs only while the exporter serves
    Sampler sampler =
        config.ui() ? Sampler.start(registry, createdNanos, firstReadingMillis) : null;
    try {
      LivePage page = sampler == null ? null : new LivePage(sampler, this::coverageLines);
      MetricsServer server =
          MetricsServer.start(props, StartTimestamps.served(registry, config), config, page);
      AgentClaim.serving(server.port());
      System.setProperty(AgentConfig.ACTIVE_PORT_PROPERTY, Integer.toString(server.port()));
      exporterState.set(SERVING);
      AgentLog.info(
          "v" + VERSION + " serving metrics on " + server.scheme() + "://"
              + displayHost(config.host()) + ":"
              + server.port() + "/metrics" + (sampler == null ? "" : ", live page on /"));
      return;
    } catch (BindException e) {
      AgentLog.error(
          "cannot serve metrics on " + where + " (" + e.getMessage()
              + "): the port is taken or the address is not local; the app runs on without the"
              + " exporter. Choose another with port=N");
    } catch (IOException | RuntimeException e) {
      AgentLog.error(
          "cannot serve metrics on " + where + ": " + e + "; the app runs on without the exporter");
    }
    if (sampler != null) {
      sampler.stop();
    }
    exporterState.set(FAILED);
  }

  private List<String> coverageLines() {
    List<String> lines = new ArrayList<String>();
    for (SelfMetrics.Verdict v : self.coverage()) {
      lines.add(v.toString());
    }
    return lines;
  }

  private static String displayHost(String host) {
    return "0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : host;
  }

  private static String versionOf(Class<?> c) {
    String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
