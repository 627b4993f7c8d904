package dev.metricsagent.benchmarks;

import dev.metricsagent.bridge.Recorders;
import dev.metricsagent.config.AgentConfig;
import dev.metricsagent.core.HttpMetrics;
import dev.metricsagent.core.ProcessThreadsMetric;
import dev.metricsagent.exporter.MetricsServer;
import dev.metricsagent.exporter.StartTimestamps;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One scrape of the agent's registry, warm: {@code endpoints} route templates that each have one
 * {@code http_requests_total} series (GET, 200) and one {@code http_request_duration_seconds}
 * histogram (GET, native buckets on, as the agent's default), so 500 endpoints are 1000 HTTP label sets (about 7,500 sample lines with the
 * default 11 buckets), with or without the JVM and process metrics the agent registers. Written in the
 * Prometheus text format, in OpenMetrics and in protobuf (classic and native buckets) to a reused buffer, and served over loopback by a
 * started {@link MetricsServer} as the agent serves it ({@link StartTimestamps#served}; the time a
 * scraper sees, client included). 1000 endpoints with the JVM metrics are about 17,000 lines.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar Scrape -p endpoints=500
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class ScrapeBenchmark {
  static final String OPENMETRICS_ACCEPT =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  /** The Accept header of Prometheus 2.42 with {@code --enable-feature=native-histograms}. */
  static final String PROTOBUF_ACCEPT =
      "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.8,"
          + "application/openmetrics-text;version=1.0.0;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  /** 500 = 1,000 HTTP label sets; 67 = about 1,000 HTTP sample lines; 1000 = 1,000 routes. */
  @Param({"67", "500", "1000"})
  public int endpoints;

  /** With the JVM and process metrics the agent also serves, or the HTTP metrics alone. */
  @Param({"true", "false"})
  public boolean jvm;

  /** Native buckets next to the classic ones (the agent's default), or classic only. */
  @Param({"true"})
  public boolean nativeHistograms;

  /**
   * Requests per endpoint: 3 (2 ms, 30 ms, 400 ms: 3 native buckets a series), or that many
   * spread evenly on a log scale over 1 ms .. 1 s (about as many native buckets, up to 160).
   */
  @Param({"3"})
  public int durations;

  private PrometheusRegistry registry;
  private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
  private final OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
  private final PrometheusProtobufWriter protobuf = new PrometheusProtobufWriter();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
  private final byte[] readBuffer = new byte[64 * 1024];
  private MetricsServer server;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    // as AgentRuntime builds them: start timestamps on (OpenMetrics, protobuf)
    PrometheusProperties props = StartTimestamps.properties(true);
    registry = new PrometheusRegistry();
    AgentConfig defaults = AgentConfig.defaults();
    HttpMetrics metrics =
        new HttpMetrics(
            props,
            registry,
            defaults
                .httpMetrics()
                .withMaxEndpoints(Math.max(defaults.maxEndpoints(), endpoints))
                .withNativeHistograms(defaults.nativeHistograms().withEnabled(nativeHistograms)));
    Recorders.set(metrics);
    long[] nanos = {2_000_000L, 30_000_000L, 400_000_000L};
    if (durations != 3) {
      nanos = new long[durations];
      for (int k = 0; k < durations; k++) {
        nanos[k] = (long) (1e6 * Math.pow(1000, k / (double) Math.max(1, durations - 1)));
      }
    }
    for (int i = 0; i < endpoints; i++) {
      String template = "/api/v1/resource" + i + "/:id";
      for (long d : nanos) {
        metrics.record("get", template, 200, d);
      }
    }
    if (jvm) {
      JvmMetrics.builder(props).register(registry);
      ProcessThreadsMetric.register(props, registry);
    }
    // served as the agent serves it: without start timestamps in the classic text format
    server =
        MetricsServer.start(
            props, StartTimestamps.served(registry, AgentConfig.defaults()), "127.0.0.1", 0);

    out.reset();
    text.write(out, registry.scrape());
    String body = out.toString(StandardCharsets.UTF_8.name());
    long lines = body.chars().filter(c -> c == '\n').count();
    long httpSamples =
        body.lines().filter(l -> l.startsWith("http_request")).count();
    System.out.println(
        "scrape: " + endpoints + " endpoints" + (jvm ? " + JVM metrics, " : ", ") + (2 * endpoints) + " HTTP label sets, "
            + httpSamples + " HTTP sample lines, " + lines + " lines / " + out.size()
            + " bytes in all (text format)");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    server.stop();
    Recorders.set(null);
  }

  /** Collecting alone (data points to snapshots), without writing: the share of the two. */
  @Benchmark
  public MetricSnapshots snapshot() {
    return registry.scrape();
  }

  @Benchmark
  public int textFormat() throws IOException {
    out.reset();
    text.write(out, registry.scrape());
    return out.size();
  }

  @Benchmark
  public int openMetricsFormat() throws IOException {
    out.reset();
    openMetrics.write(out, registry.scrape());
    return out.size();
  }

  /** What Prometheus asks for when native histograms are on: classic and native buckets. */
  @Benchmark
  public int protobufFormat() throws IOException {
    out.reset();
    protobuf.write(out, registry.scrape());
    return out.size();
  }

  @Benchmark
  public long httpText() throws IOException {
    return get(null);
  }

  @Benchmark
  public long httpOpenMetrics() throws IOException {
    return get(OPENMETRICS_ACCEPT);
  }

  @Benchmark
  public long httpProtobuf() throws IOException {
    return get(PROTOBUF_ACCEPT);
  }

  /**
   * One GET /metrics on a connection of its own (as curl makes it), the whole answer read to the
   * end. A new connection each time: the exporter paces each connection to about one request a
   * second (Prometheus scrapes once an interval), so a loop on one kept-alive connection would
   * measure that pacing.
   */
  private long get(String accept) throws IOException {
    return get(server.port(), accept, false, readBuffer);
  }

  /** The exporter's port. */
  int port() {
    return server.port();
  }

  /**
   * As {@link #get(String)}, on {@code port}, reading into {@code readBuffer}; with {@code gzip},
   * asking for a compressed answer as Prometheus does ({@code Accept-Encoding: gzip}).
   */
  static long get(int port, String accept, boolean gzip, byte[] readBuffer) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      String request =
          "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + (accept == null ? "" : "Accept: " + accept + "\r\n")
              + (gzip ? "Accept-Encoding: gzip\r\n" : "")
              + "Connection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      long n = 0;
      for (int r; (r = in.read(readBuffer)) > 0; ) {
        if (n == 0 && !startsWith200(readBuffer, r)) {
          throw new IOException("GET /metrics: " + new String(readBuffer, 0, Math.min(r, 40),
              StandardCharsets.US_ASCII));
        }
        n += r;
      }
      return n;
    }
  }

  private static boolean startsWith200(byte[] readBuffer, int length) {
    return length >= 12
        && new String(readBuffer, 0, 12, StandardCharsets.US_ASCII).equals("HTTP/1.1 200");
  }
}
