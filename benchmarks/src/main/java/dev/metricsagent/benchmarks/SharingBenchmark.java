package dev.metricsagent.benchmarks;

import dev.metricsagent.core.HttpMetricsOptions;
import dev.metricsagent.core.HttpMetrics;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The control that tells contention from the machine: the same work as a request's record (two
 * clock reads, route handle, record on it) over {@code routes} templates, with every thread either
 * writing the one shared {@link HttpMetrics} ({@code shared}) or its own copy ({@code private}).
 * If {@code private} stops scaling where {@code shared} does, the limit is the cores' caches and
 * memory, not threads fighting over cache lines; only a gap between the two is contention. One
 * route is the usual hot case: every thread on the same series.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar SharingBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class SharingBenchmark {
  @Param({"1", "10", "1000"})
  public int routes;

  @Param({"shared", "private"})
  public String metrics;

  HttpMetrics shared;

  @Setup(Level.Trial)
  public void setUp() {
    shared = build(routes);
  }

  static String template(int i) {
    return "/api/v1/resource" + i + "/:id";
  }

  static HttpMetrics build(int routes) {
    HttpMetrics m =
        new HttpMetrics(PrometheusProperties.builder().build(), new PrometheusRegistry(),
            HttpMetricsOptions.DEFAULTS.withMaxEndpoints(Math.max(routes, 1000)));
    for (int i = 0; i < routes; i++) {
      m.record(m.routeStarted("get", template(i)), "get", template(i), 200, 1_000_000L, null, -1,
          -1);
    }
    return m;
  }

  /** One thread's metrics (its own or the shared ones) and random walk over the templates. */
  @State(Scope.Thread)
  public static class Walker {
    private static final AtomicInteger SEEDS = new AtomicInteger();
    private static final int ORDER = 4096;

    HttpMetrics metrics;
    String[] order;
    int next;

    @Setup(Level.Trial)
    public void setUp(SharingBenchmark b) {
      metrics = "shared".equals(b.metrics) ? b.shared : build(b.routes);
      SplittableRandom random = new SplittableRandom(SEEDS.incrementAndGet());
      order = new String[ORDER];
      for (int i = 0; i < ORDER; i++) {
        order[i] = template(random.nextInt(b.routes));
      }
    }
  }

  static void request(Walker w) {
    long start = System.nanoTime();
    String template = w.order[w.next++ & (Walker.ORDER - 1)];
    Object route = w.metrics.routeStarted("get", template);
    w.metrics.record(route, "get", template, 200, System.nanoTime() - start, null, -1, -1);
  }

  @Benchmark
  @Threads(1)
  public void threads1(Walker w) {
    request(w);
  }

  @Benchmark
  @Threads(2)
  public void threads2(Walker w) {
    request(w);
  }
}
