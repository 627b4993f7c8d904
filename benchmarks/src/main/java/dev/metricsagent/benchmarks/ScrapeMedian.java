package dev.metricsagent.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@link ScrapeBenchmark}'s scrapes over HTTP as the scrape target states it: the median of
 * {@code scrapes} warm scrapes end to end (connect, GET /metrics, the whole answer read), per
 * format, after as many warm-up scrapes; the formats interleaved scrape by scrape. Beside the
 * wall clock, the CPU time of this JVM's Java threads per scrape (the exporter's and the
 * client's; not the GC's or the JIT's), which a shared machine's other work inflates far less.
 * Each agent scrape is paired with the same scrape of the Prometheus client alone ({@link
 * ScrapeFloor}: the same series in the client's own metrics, served by its own server; which of
 * the two goes first alternates), and the
 * ratio agent / client alone is printed per format: what of the scrape is the agent's to cut.
 * With {@code gzip}, every scrape asks for a compressed answer as Prometheus does.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.metricsagent.benchmarks.ScrapeMedian [endpoints] [scrapes] [gzip]
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

  /** The answer on {@code port} in the format {@code accept} asks for (null: text). */
  static String body(int port, String accept) throws IOException {
    HttpURLConnection c =
        (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/metrics").openConnection();
    if (accept != null) {
      c.setRequestProperty("Accept", accept);
    }
    try (InputStream in = c.getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[1 << 16];
      for (int r; (r = in.read(buf)) > 0; ) {
        out.write(buf, 0, r);
      }
      return out.toString(StandardCharsets.UTF_8.name());
    } finally {
      c.disconnect();
    }
  }

  static long lines(String body) {
    return body.chars().filter(c -> c == '\n').count();
  }

  public static void main(String[] args) throws Exception {
    int endpoints = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int scrapes = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    boolean gzip = args.length > 2 && args[2].equals("gzip");
    ScrapeBenchmark b = new ScrapeBenchmark();
    b.endpoints = endpoints;
    b.jvm = true;
    b.nativeHistograms = true;
    b.durations = 3;
    b.setUp();
    ScrapeFloor floor = new ScrapeFloor(endpoints);
    String[] formats = {"text", "OpenMetrics", "protobuf"};
    String[] accepts = {null, ScrapeBenchmark.OPENMETRICS_ACCEPT, ScrapeBenchmark.PROTOBUF_ACCEPT};
    int[] floorPorts = {floor.textPort(), floor.withCreatedPort(), floor.withCreatedPort()};
    // [format][0 agent, 1 client alone][scrape]
    double[][][] wallMs = new double[formats.length][2][scrapes];
    double[][][] cpuMs = new double[formats.length][2][scrapes];
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    byte[] buffer = new byte[64 * 1024];
    long sink = 0;
    String load = StackRecordPathCpu.loadAverage();
    long agentLines = lines(body(b.port(), null));
    long floorLines = lines(body(floor.textPort(), null));
    try {
      for (int r = -scrapes; r < scrapes; r++) { // the first half warms up
        for (int f = 0; f < formats.length; f++) {
          for (int i = 0; i < 2; i++) {
            int k = (i + r) & 1; // which goes first alternates, so neither gains by its place
            int port = k == 0 ? b.port() : floorPorts[f];
            long c0 = javaThreadsCpu(threads);
            long t0 = System.nanoTime();
            sink += ScrapeBenchmark.get(port, accepts[f], gzip, buffer);
            long t1 = System.nanoTime();
            long c1 = javaThreadsCpu(threads);
            if (r >= 0) {
              wallMs[f][k][r] = (t1 - t0) / 1e6;
              cpuMs[f][k][r] = (c1 - c0) / 1e6;
            }
          }
        }
      }
    } finally {
      floor.close();
      b.tearDown();
    }
    System.out.printf(
        "%d warm scrapes per format (after %d), %d endpoints + JVM metrics%s; text lines: agent"
            + " %d, client alone %d%n",
        scrapes, scrapes, endpoints, gzip ? ", Accept-Encoding: gzip" : "", agentLines,
        floorLines);
    System.out.printf("%-25s %26s %26s%n", "format", "wall ms median [quartiles]",
        "CPU ms median [quartiles]");
    for (int f = 0; f < formats.length; f++) {
      double[] median = new double[4];
      for (int k = 0; k < 2; k++) {
        double[] w = wallMs[f][k].clone();
        double[] c = cpuMs[f][k].clone();
        Arrays.sort(w);
        Arrays.sort(c);
        median[2 * k] = StackRecordPathCpu.quantile(w, .5);
        median[2 * k + 1] = StackRecordPathCpu.quantile(c, .5);
        System.out.printf(
            "%-25s %9.2f [%.2f-%.2f] %14.2f [%.2f-%.2f]%n",
            formats[f] + (k == 0 ? " agent" : " client alone"), median[2 * k],
            StackRecordPathCpu.quantile(w, .25), StackRecordPathCpu.quantile(w, .75),
            median[2 * k + 1], StackRecordPathCpu.quantile(c, .25),
            StackRecordPathCpu.quantile(c, .75));
      }
      System.out.printf(
          "%-25s %9.2fx %25.2fx%n", formats[f] + " agent/alone", median[0] / median[2],
          median[1] / median[3]);
    }
    System.out.println(
        "load average before " + load + ", after " + StackRecordPathCpu.loadAverage() + " ("
            + (sink > 0 ? "ok" : "no bytes") + ")");
  }
}
