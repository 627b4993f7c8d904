package dev.metricsagent.ui;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The sampler's CPU time and allocation per snapshot, and a page's, measured on the thread that
 * does the work ({@code ThreadMXBean}): on a shared machine CPU time is steadier than the wall
 * time JMH reports. Same setup as {@link SamplerBenchmark}.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.metricsagent.ui.SamplerCpu 1000
 * }</pre>
 */
public final class SamplerCpu {
  private SamplerCpu() {}

  public static void main(String[] args) {
    int routes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (String traffic : new String[] {"idle", "busy"}) {
      SamplerBenchmark b = new SamplerBenchmark();
      b.routes = routes;
      b.traffic = traffic;
      b.setUp();
      for (int i = 0; i < rounds; i++) { // warm-up
        b.between();
        b.snapshot();
        if (i % 10 == 0) {
          b.page();
        }
      }
      long tick = 0;
      long tickBytes = 0;
      long page = 0;
      long pageBytes = 0;
      int pages = 0;
      for (int i = 0; i < rounds; i++) {
        b.between(); // the requests of the last 5 s: not counted
        long c = threads.getCurrentThreadCpuTime();
        long a = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        b.snapshot();
        tick += threads.getCurrentThreadCpuTime() - c;
        tickBytes += threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - a;
        if (i % 10 == 0) {
          c = threads.getCurrentThreadCpuTime();
          a = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
          b.page();
          page += threads.getCurrentThreadCpuTime() - c;
          pageBytes += threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - a;
          pages++;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "routes=%d traffic=%s: snapshot %.2f ms CPU, %.1f MB allocated (every 5 s: %.2f%% of"
              + " one core); page %.2f ms CPU, %.1f MB allocated%n",
          routes, traffic, tick / 1e6 / rounds, tickBytes / 1e6 / rounds,
          tick / 1e6 / rounds / 5000 * 100, page / 1e6 / pages, pageBytes / 1e6 / pages);
    }
  }
}
