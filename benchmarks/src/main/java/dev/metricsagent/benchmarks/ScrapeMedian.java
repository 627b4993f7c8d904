package dev.metricsagent.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link ScrapeBenchmark}'s scrapes over HTTP as the scrape target states it: the median of
 * {@code scrapes} warm scrapes end to end (connect, GET /metrics, the whole answer read), per
 * format, after as many warm-up scrapes; the formats interleaved scrape by scrape. Beside the
 * wall clock, the CPU time of this JVM's Java threads per scrape (the exporter's and the
 * client's; not the GC's or the JIT's), which a shared machine's other work inflates far less.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.metricsagent.benchmarks.ScrapeMedian [endpoints] [scrapes]
 * }</pre>
 */
public final class ScrapeMedian {
  private ScrapeMedian() {}

  /** The CPU time of every live Java thread, summed (a thread that ended since is lost). */
  private static long javaThreadsCpu(ThreadMXBean threads) {
    long sum = 0;
    for (long id : threads.getAllThreadIds()) {
      long t = threads.getThreadCpuTime(id);
      sum += t > 0 ? t : 0;
    }
    return sum;
  }

  public static void main(String[] args) throws Exception {
    int endpoints = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int scrapes = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    ScrapeBenchmark b = new ScrapeBenchmark();
    b.endpoints = endpoints;
    b.jvm = true;
    b.nativeHistograms = true;
    b.durations = 3;
    b.setUp();
    String[] formats = {"text", "OpenMetrics", "protobuf"};
    double[][] wallMs = new double[formats.length][scrapes];
    double[][] cpuMs = new double[formats.length][scrapes];
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sink = 0;
    String load = StackRecordPathCpu.loadAverage();
    try {
      for (int r = -scrapes; r < scrapes; r++) { // the first half warms up
        for (int f = 0; f < formats.length; f++) {
          long c0 = javaThreadsCpu(threads);
          long t0 = System.nanoTime();
          sink += f == 0 ? b.httpText() : f == 1 ? b.httpOpenMetrics() : b.httpProtobuf();
          long t1 = System.nanoTime();
          long c1 = javaThreadsCpu(threads);
          if (r >= 0) {
            wallMs[f][r] = (t1 - t0) / 1e6;
            cpuMs[f][r] = (c1 - c0) / 1e6;
          }
        }
      }
    } finally {
      b.tearDown();
    }
    System.out.printf(
        "%d warm scrapes per format (after %d), %d endpoints + JVM metrics%n", scrapes, scrapes,
        endpoints);
    System.out.printf("%-12s %26s %26s%n", "format", "wall ms median [quartiles]",
        "CPU ms median [quartiles]");
    for (int f = 0; f < formats.length; f++) {
      double[] w = wallMs[f].clone();
      double[] c = cpuMs[f].clone();
      Arrays.sort(w);
      Arrays.sort(c);
      System.out.printf(
          "%-12s %9.2f [%.2f-%.2f] %14.2f [%.2f-%.2f]%n", formats[f],
          StackRecordPathCpu.quantile(w, .5), StackRecordPathCpu.quantile(w, .25),
          StackRecordPathCpu.quantile(w, .75), StackRecordPathCpu.quantile(c, .5),
          StackRecordPathCpu.quantile(c, .25), StackRecordPathCpu.quantile(c, .75));
    }
    System.out.println(
        "load average before " + load + ", after " + StackRecordPathCpu.loadAverage() + " ("
            + (sink > 0 ? "ok" : "no bytes") + ")");
  }
}
