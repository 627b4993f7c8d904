package dev.metricsagent.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under {@link RecordPathBenchmark}: the two {@code System.nanoTime()} calls every
 * timed request needs, whatever the agent does. On a VM whose clock source is not the TSC this
 * alone can be a large share of the record path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(2)
public class ClockBenchmark {

  @Benchmark
  public long twoNanoTimes() {
    long start = System.nanoTime();
    return System.nanoTime() - start;
  }

  /**
   * The same on 2 and 4 threads: the control for the record path's scaling. Whatever the clock
   * loses per thread here (a shared VM's clock, oversubscribed vCPUs) is not contention in the
   * agent.
   */
  @Benchmark
  @Threads(2)
  public long twoNanoTimesThreads2() {
    return twoNanoTimes();
  }

  @Benchmark
  @Threads(4)
  public long twoNanoTimesThreads4() {
    return twoNanoTimes();
  }
}
