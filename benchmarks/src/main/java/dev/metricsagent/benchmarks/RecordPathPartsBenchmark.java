package dev.metricsagent.benchmarks;

import dev.metricsagent.core.HttpMetricsOptions;
import dev.metricsagent.config.AgentConfig;
import dev.metricsagent.core.HttpMetrics;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where {@link RecordPathBenchmark}'s time goes, one thread, one route: the Prometheus client's
 * own updates (a counter increment, a classic histogram observation) against the agent's whole
 * {@link HttpMetrics} record, on a route handle as a matched request ends and by lookup as an
 * unmatched or halted one does. With {@link ClockBenchmark} and the record path itself, the rest
 * is the bridge's per-thread bookkeeping.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class RecordPathPartsBenchmark {
  static final String TEMPLATE = "/products/:id";

  CounterDataPoint counter;
  DistributionDataPoint histogram;
  HttpMetrics metrics;
  Object route;
  double seconds = 0.0123;

  @Setup
  public void setUp() {
    PrometheusProperties props = PrometheusProperties.builder().build();
    PrometheusRegistry registry = new PrometheusRegistry();
    // as HttpMetrics builds its two metrics
    counter =
        Counter.builder(props).name("c_total").labelNames("method", "endpoint", "status_code")
            .withoutExemplars().register(registry).labelValues("GET", TEMPLATE, "200");
    histogram =
        Histogram.builder(props).name("h_seconds").labelNames("method", "endpoint").classicOnly()
            .classicUpperBounds(AgentConfig.DEFAULT_BUCKETS).register(registry)
            .labelValues("GET", TEMPLATE);
    metrics =
        new HttpMetrics(props, new PrometheusRegistry(), HttpMetricsOptions.DEFAULTS);
    route = metrics.routeStarted("get", TEMPLATE);
    metrics.record(route, "get", TEMPLATE, 200, 12_300_000L, null, -1, -1);
  }

  @Benchmark
  public void clientCounterInc() {
    counter.inc();
  }

  @Benchmark
  public void clientHistogramObserve() {
    histogram.observe(seconds);
  }

  /** A matched request: in progress up and down, then recorded on its handle. */
  @Benchmark
  public void recordOnHandle() {
    Object r = metrics.routeStarted("get", TEMPLATE);
    metrics.record(r, "get", TEMPLATE, 200, 12_300_000L, null, -1, -1);
  }

  /** A request whose route the bridge only learnt late: recorded by template lookup. */
  @Benchmark
  public void recordByLookup() {
    metrics.record(null, "get", TEMPLATE, 200, 12_300_000L, null, -1, -1);
  }
}
