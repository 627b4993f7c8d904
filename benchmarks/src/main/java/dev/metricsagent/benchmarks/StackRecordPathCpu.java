package dev.metricsagent.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link StackRecordPathBenchmark}'s request per stack timed by the thread's CPU time instead of
 * the wall clock, so a shared machine's other work inflates it far less: the stacks (and {@code
 * bare}, the loop alone) interleaved round by round, each stack's median and quartiles of CPU
 * ns per request over the rounds, bare's spread beside them.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.metricsagent.benchmarks.StackRecordPathCpu [rounds] [requests] [stack,...]
 * }</pre>
 *
 * <p>The third argument picks stacks (bare always runs beside them), e.g. for a profiler's run
 * of one stack alone.
 */
public final class StackRecordPathCpu {
  private StackRecordPathCpu() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
    String[] stacks = {
      "bare", "spark", "servlet-tomcat", "servlet-jetty", "javalin", "spring-mvc", "jersey", "jdkhttp",
      "webflux", "micronaut", "vertx", "vertx-http2", "quarkus"
    };
    if (args.length > 2) { // bare and the stacks named
      List<String> named = new ArrayList<String>(Arrays.asList(args[2].split(",")));
      named.remove("bare");
      named.add(0, "bare");
      stacks = named.toArray(new String[0]);
    }
    StackRecordPathBenchmark[] benches = new StackRecordPathBenchmark[stacks.length];
    for (int k = 0; k < stacks.length; k++) {
      benches[k] = new StackRecordPathBenchmark();
      benches[k].stack = stacks[k];
      benches[k].routes = 100;
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[][] nsPerRequest = new double[stacks.length][rounds];
    String loadBefore = loadAverage();
    int sink = 0;
    for (int r = -3; r < rounds; r++) { // three warm-up rounds: compiled before measured
      for (int k = 0; k < stacks.length; k++) {
        StackRecordPathBenchmark b = benches[k];
        b.setUp(); // the agent's bridge state is static: each stack installs its own
        long c0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < requests; i++) {
          sink += b.request();
        }
        long c1 = threads.getCurrentThreadCpuTime();
        b.tearDown();
        if (r >= 0) {
          nsPerRequest[k][r] = (c1 - c0) / (double) requests;
        }
      }
    }
    System.out.printf("%-16s %28s%n", rounds + " rounds", "CPU ns per request [quartiles]");
    for (int k = 0; k < stacks.length; k++) {
      double[] v = nsPerRequest[k].clone();
      Arrays.sort(v);
      System.out.printf(
          "%-16s %10.1f [%.1f-%.1f]%s%n",
          stacks[k], quantile(v, .5), quantile(v, .25), quantile(v, .75),
          k == 0 ? "  (the loop alone; spread " + spread(v) + ")" : "");
    }
    System.out.println(
        "load average before " + loadBefore + ", after " + loadAverage() + "; " + requests
            + " requests per stack and round, 100 routes (" + (sink == 42 ? "" : "ok") + ")");
  }

  private static String spread(double[] sorted) {
    double median = quantile(sorted, .5);
    return String.format("%.0f %%", 100 * (quantile(sorted, .75) - quantile(sorted, .25)) / median);
  }

  static double quantile(double[] sorted, double p) {
    double x = (sorted.length - 1) * p;
    int i = (int) x;
    return i + 1 < sorted.length ? sorted[i] + (x - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
  }

  static String loadAverage() {
    try {
      List<String> lines = new ArrayList<String>(Files.readAllLines(Paths.get("/proc/loadavg")));
      String[] f = lines.get(0).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return "unknown";
    }
  }
}
