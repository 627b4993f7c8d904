package dev.metricsagent.ui;

import dev.metricsagent.core.HttpMetricsOptions;
import dev.metricsagent.core.HttpMetrics;
import dev.metricsagent.core.ProcessThreadsMetric;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The live page's costs off the request path, at {@code routes} registered routes (each with a
 * few statuses) and the JVM and process collectors the agent registers: {@code snapshot} is one
 * 5-second step of the sampler thread (read the registry, keep the snapshot, compute the chart
 * step) with the ring full; {@code page} is one {@code GET /} (a fresh reading, the windows over
 * the ring, the HTML). {@code traffic}: {@code idle} (no request between steps: every route's
 * sample is shared with the previous snapshot) or {@code busy} (every route had requests since the
 * last step, recorded outside the measured time). In this package for the sampler's package-private
 * steps; the agent's sources are compiled into the benchmarks (see pom.xml).
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar SamplerBenchmark -p routes=1000 -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SamplerBenchmark {
  @Param({"100", "1000"})
  public int routes;

  @Param({"busy", "idle"})
  public String traffic;

  private HttpMetrics metrics;
  private Sampler sampler;
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private long step;

  @Setup(Level.Trial)
  public void setUp() {
    PrometheusProperties props = PrometheusProperties.builder().build();
    PrometheusRegistry registry = new PrometheusRegistry();
    metrics = new HttpMetrics(
            props, registry, HttpMetricsOptions.DEFAULTS.withMaxEndpoints(routes + 10));
    ProcessMetrics.builder(props).register(registry);
    JvmMemoryMetrics.builder(props).register(registry);
    JvmThreadsMetrics.builder(props).register(registry);
    JvmGarbageCollectorMetrics.builder(props).register(registry);
    ProcessThreadsMetric.register(props, registry);
    for (int i = 0; i < routes; i++) {
      metrics.routeAdded("GET", "/r" + i + "/:id");
    }
    sampler = new Sampler(new RegistryReader(registry, clock::get), clock.get());
    traffic(); // every route with a 200, a 404 and a 500
    for (int i = 0; i < Sampler.KEPT + 5; i++) {
      nextStep();
    }
  }

  private void traffic() {
    for (int i = 0; i < routes; i++) {
      String t = "/r" + i + "/:id";
      metrics.record("GET", t, 200, 1_000_000L + (step % 50) * 1_000_000L);
      metrics.record("GET", t, 404, 2_000_000L);
      metrics.record("GET", t, 500, 300_000_000L);
    }
    step++;
  }

  private void nextStep() {
    if ("busy".equals(traffic)) {
      traffic();
    }
    clock.addAndGet(Sampler.STEP_MILLIS);
    sampler.tick();
  }

  /** Before each snapshot: the requests of the last 5 s (not measured). */
  @Setup(Level.Invocation)
  public void between() {
    if ("busy".equals(traffic)) {
      traffic();
    }
    clock.addAndGet(Sampler.STEP_MILLIS);
  }

  @Benchmark
  public int snapshot() {
    sampler.tick();
    return sampler.kept();
  }

  @Benchmark
  public int page() {
    View v = sampler.view(null);
    return PageHtml.of(v, "p95", true).length();
  }
}
