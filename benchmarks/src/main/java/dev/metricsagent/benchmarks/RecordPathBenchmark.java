package dev.metricsagent.benchmarks;

import dev.metricsagent.bridge.Recorders;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.RouteTables;
import dev.metricsagent.bridge.Settings;
import dev.metricsagent.config.AgentConfig;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Everything the woven advice does for one request: {@code Requests.start}, {@code
 * Requests.routeFound}, the answer and {@code Requests.end} into {@link HttpMetrics#record},
 * exactly the calls the Spark advice makes, against an agent registry with {@code routes} templates already seen
 * (steady state: every series exists). Each thread walks its own pre-built random order of the
 * templates, so the benchmark itself allocates nothing and the map lookups are not one hot key.
 *
 * <p>{@code options}: {@code defaults} (the agent's: exemplars on, no {@code traceparent} sent),
 * {@code exemplars=false}, {@code native_histograms=false} (classic buckets only), or {@code
 * sizes=true} (with a size reader returning constants: the
 * histogram updates, not the reflective read of Jetty's counters). Each request also counts in
 * {@code http_requests_in_progress} from route match to end.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar RecordPath -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class RecordPathBenchmark {
  /** Spark hands the advice its {@code HttpMethod} enum name: lower case, a constant. */
  static final String ROUTED_METHOD = "get";

  /** The {@code traceparent} header of a request that sent none (not a constant the JIT folds). */
  static String absentHeader;

  /** Stands for Spark's {@code Routes} instance the find advice passes on. */
  static final Object ROUTE_TABLE = new Object();

  @Param({"10", "100", "1000"})
  public int routes;

  @Param({"defaults", "exemplars=false", "sizes=true", "native_histograms=false"})
  public String options;

  String[] templates;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    AgentConfig defaults = AgentConfig.parse("defaults".equals(options) ? "" : options, new java.util.Properties(), java.util.Map.of());
    // as AgentRuntime wires it
    HttpMetrics metrics =
        new HttpMetrics(
            PrometheusProperties.builder().build(), new PrometheusRegistry(), defaults.httpMetrics());
    Recorders.set(metrics);
    Settings.install(
        Settings.NONE
            .withTraceparent(defaults.exemplars())
            .withSizeReader(defaults.sizes() ? new ConstantSizes() : null));
    templates = new String[routes];
    for (int i = 0; i < routes; i++) {
      templates[i] = "/api/v1/resource" + i + "/:id";
      request(templates[i]); // the first request per template builds its series: not measured
      // Durations over 8 decades: the native buckets a long-running series has seen, so its
      // schema has settled and the run measures recording, not the one-off bucket creation.
      for (int k = 0; k <= 320; k++) {
        metrics.record("GET", templates[i], 200, (long) (10 * Math.pow(10, k / 40.0)));
      }
    }
  }

  /** Sizes as a servlet request and Jetty response would report them. */
  static final class ConstantSizes implements dev.metricsagent.bridge.SizeReader {
    @Override
    public long requestBytes(Object request) {
      return 0;
    }

    @Override
    public long responseBytes(Object response) {
      return 512;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Recorders.set(null);
    Settings.install(Settings.NONE);
  }

  /** One thread's walk over the templates. */
  @State(Scope.Thread)
  public static class Cursor {
    private static final AtomicInteger SEEDS = new AtomicInteger();
    private static final int ORDER = 4096; // a power of two: the index wraps with a mask

    String[] order;
    int next;

    @Setup(Level.Trial)
    public void setUp(RecordPathBenchmark b) {
      SplittableRandom random = new SplittableRandom(SEEDS.incrementAndGet());
      order = new String[ORDER];
      for (int i = 0; i < ORDER; i++) {
        order[i] = b.templates[random.nextInt(b.templates.length)];
      }
    }

    String template() {
      return order[next++ & (ORDER - 1)];
    }
  }

  /** The advice's calls for one request to {@code template} answered 200. */
  static void request(String template) {
    RequestState s = Requests.start(); // MatcherFilter.doFilter entry
    Requests.routeFound(ROUTED_METHOD, template); // Routes.find exit
    RouteTables.inUse(ROUTE_TABLE); // Routes.find exit (lists routes only after attach)
    // MatcherFilter.doFilter exit: the answer, the flag, then the (here absent) header
    s.answered("GET", 200, true, null);
    s.traceparent(Settings.traceparentWanted() ? absentHeader : null);
    Requests.findLate("spark", ROUTE_TABLE, null, s); // routed: one field check
    Requests.end(s, null, null);
  }

  @Benchmark
  @Threads(1)
  public void threads1(Cursor c) {
    request(c.template());
  }

  @Benchmark
  @Threads(2)
  public void threads2(Cursor c) {
    request(c.template());
  }

  @Benchmark
  @Threads(4)
  public void threads4(Cursor c) {
    request(c.template());
  }

  /** As many threads as concurrent clients in the "8 concurrent clients" target. */
  @Benchmark
  @Threads(8)
  public void threads8(Cursor c) {
    request(c.template());
  }
}
