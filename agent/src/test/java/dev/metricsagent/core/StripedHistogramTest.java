package dev.metricsagent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.config.AgentConfig;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StripedHistogramTest {
  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private static StripedHistogram seconds() {
    return new StripedHistogram("http_request_duration_seconds", "Duration.", Unit.SECONDS,
        AgentConfig.DEFAULT_BUCKETS, 1e9, "method", "endpoint");
  }

  private static String write(PrometheusRegistry r, boolean openMetrics) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (openMetrics) {
      OpenMetricsTextFormatWriter.create().write(out, r.scrape(), EscapingScheme.ALLOW_UTF8);
    } else {
      PrometheusTextFormatWriter.create().write(out, r.scrape(), EscapingScheme.ALLOW_UTF8);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Without the sums, which the client adds up in floating point and we in whole nanoseconds. */
  private static String withoutSums(String exposition) {
    return exposition.lines().filter(l -> !l.contains("_sum{")).collect(Collectors.joining("\n"));
  }

  @Test
  void exposesWhatTheClientsOwnHistogramExposesForTheSameRequests() throws Exception {
    PrometheusRegistry ours = new PrometheusRegistry();
    StripedHistogram h = seconds();
    ours.register(h);
    PrometheusRegistry theirs = new PrometheusRegistry();
    Histogram client =
        Histogram.builder(PrometheusProperties.builder().build())
            .name("http_request_duration_seconds").help("Duration.").unit(Unit.SECONDS)
            .labelNames("method", "endpoint").classicOnly()
            .classicUpperBounds(AgentConfig.DEFAULT_BUCKETS).withoutExemplars().register(theirs);
    SplittableRandom random = new SplittableRandom(42);
    String[] endpoints = {"/products", "/products/:id", "/a \"quoted\" one"};
    double ourSum = 0;
    for (int i = 0; i < 5_000; i++) {
      // exact bounds, one nanosecond either side, and anything up to 20 s
      long nanos;
      switch (i % 4) {
        case 0:
          nanos = (long) (AgentConfig.DEFAULT_BUCKETS[random.nextInt(11)] * 1e9);
          break;
        case 1:
          nanos = (long) (AgentConfig.DEFAULT_BUCKETS[random.nextInt(11)] * 1e9) + 1;
          break;
        case 2:
          nanos = (long) (AgentConfig.DEFAULT_BUCKETS[random.nextInt(11)] * 1e9) - 1;
          break;
        default:
          nanos = random.nextLong(20_000_000_000L);
      }
      String method = i % 3 == 0 ? "POST" : "GET";
      String endpoint = endpoints[random.nextInt(endpoints.length)];
      h.labelValues(method, endpoint).observe(nanos);
      client.labelValues(method, endpoint).observe(nanos / 1e9);
      if (method.equals("GET") && endpoint.equals("/products")) {
        ourSum += nanos / 1e9;
      }
    }
    h.labelValues("DELETE", "/never"); // a series at zero, as the route inventory creates them
    client.labelValues("DELETE", "/never");
    for (boolean om : new boolean[] {false, true}) {
      String expected = write(theirs, om);
      String actual = write(ours, om);
      assertEquals(withoutSums(expected), withoutSums(actual));
      assertEquals(expected.lines().count(), actual.lines().count());
    }
    HistogramDataPointSnapshot p = h.labelValues("GET", "/products").snapshot(0);
    assertEquals(ourSum, p.getSum(), 1e-6);
  }

  @Test
  void aValueOnABoundCountsInThatBucket() {
    StripedHistogram bytes =
        new StripedHistogram("b_bytes", "B.", Unit.BYTES, new double[] {100, 1000}, 1, "m");
    StripedHistogram.DataPoint p = bytes.labelValues("x");
    p.observe(100);
    p.observe(101);
    p.observe(1000);
    p.observe(0);
    p.observe(5_000_000_000L);
    HistogramDataPointSnapshot s = p.snapshot(0);
    assertEquals(List.of(2L, 4L, 5L), counts(s)); // cumulative: le=100, le=1000, +Inf
    assertEquals(100 + 101 + 1000 + 5_000_000_000L, (long) s.getSum());
  }

  @Test
  void rawThresholdsPlaceValuesAsDividingWould() {
    for (double bound : new double[] {0.005, 0.1, 0.3, 1.0 / 3, 2.5, 1e-9, 0}) {
      long t = StripedHistogram.rawThreshold(bound, 1e9);
      assertTrue(t / 1e9 <= bound && (t + 1) / 1e9 > bound, bound + " -> " + t);
    }
    assertEquals(Long.MAX_VALUE, StripedHistogram.rawThreshold(Double.POSITIVE_INFINITY, 1e9));
    assertEquals(Long.MAX_VALUE, StripedHistogram.rawThreshold(1e30, 1));
    assertEquals(-1, StripedHistogram.rawThreshold(-1, 1));
  }

  @Test
  void concurrentWritersLoseNothingWhileTheSeriesGrowsStripes() throws Exception {
    StripedHistogram h = seconds();
    StripedHistogram.DataPoint p = h.labelValues("GET", "/hot");
    int threads = 4;
    int each = 250_000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    List<HistogramDataPointSnapshot> during = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w =
          new Thread(() -> {
            try {
              go.await();
            } catch (InterruptedException e) {
              return;
            }
            for (int i = 0; i < each; i++) {
              p.observe(i % 2 == 0 ? 3_000_000L : 70_000_000L); // 0.005 and 0.1 buckets
            }
          });
      w.start();
      writers.add(w);
    }
    go.countDown();
    for (int i = 0; i < 20; i++) {
      during.add(p.snapshot(0)); // scrapes while writing: always a consistent histogram
    }
    for (Thread w : writers) {
      w.join();
    }
    for (HistogramDataPointSnapshot s : during) {
      assertEquals(s.getCount(), counts(s).get(counts(s).size() - 1));
    }
    HistogramDataPointSnapshot s = p.snapshot(0);
    long total = (long) threads * each;
    assertEquals(total, s.getCount());
    assertEquals(total / 2, counts(s).get(0)); // cumulative: le=0.005
    assertEquals(total / 2, counts(s).get(4) - counts(s).get(0)); // (0.05, 0.1]
    assertEquals(total / 2 * (3_000_000L + 70_000_000L) / 1e9, s.getSum(), 1e-6);
    assertTrue(p.stripeCount() >= 1);
  }

  @Test
  void theNewestExemplarPerBucketIsKeptForItsRetention() {
    StripedHistogram h = seconds();
    StripedHistogram.DataPoint p = h.labelValues("GET", "/traced");
    p.observe(50_000_000L, "00-zz-bad"); // invalid: counted, no exemplar
    assertEquals(0, p.snapshot(System.currentTimeMillis()).getExemplars().size());
    p.observe(50_000_000L, TRACEPARENT);
    p.observe(40_000_000L, "00-11111111111111111111111111111111-2222222222222222-01");
    p.observe(2_000_000_000L, "00-33333333333333333333333333333333-4444444444444444-01");
    long now = System.currentTimeMillis();
    HistogramDataPointSnapshot s = p.snapshot(now);
    assertEquals(4, s.getCount());
    assertEquals(2, s.getExemplars().size()); // one per bucket; the second in 0.05 waited
    Exemplar first = s.getExemplars().get(0.025, 0.05);
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", first.getLabels().get("trace_id"));
    assertEquals(0.05, first.getValue());
    assertEquals(
        "33333333333333333333333333333333",
        s.getExemplars().get(1.0, 2.5).getLabels().get("trace_id"));
    assertEquals(
        0,
        p.snapshot(now + StripedHistogram.EXEMPLAR_MAX_RETENTION_MS).getExemplars().size(),
        "exemplars past their maximum retention are not exposed");
  }

  @Test
  void everyScrapeHasEverySeriesInLabelOrderAlsoOnesAddedSinceTheLastScrape() {
    StripedHistogram h = seconds();
    for (String e : new String[] {"/b", "/c", "/a"}) {
      h.labelValues("GET", e).observe(1_000_000L);
    }
    assertEquals(List.of("/a", "/b", "/c"), endpoints(h));
    assertEquals(List.of("/a", "/b", "/c"), endpoints(h));
    h.labelValues("GET", "/0");
    h.labelValues("POST", "/b").observe(2_000_000L);
    assertEquals(List.of("/0", "/a", "/b", "/b", "/c"), endpoints(h));
    HistogramDataPointSnapshot post = h.collect().getDataPoints().get(3);
    assertEquals("POST", post.getLabels().get("method"));
    assertEquals(1, post.getCount());
  }

  private static List<String> endpoints(StripedHistogram h) {
    return h.collect().getDataPoints().stream()
        .map(p -> p.getLabels().get("endpoint"))
        .collect(Collectors.toList());
  }

  @Test
  void wrongNumberOfLabelValuesIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> seconds().labelValues("GET"));
  }

  private static List<Long> counts(HistogramDataPointSnapshot s) {
    List<Long> out = new ArrayList<>();
    long c = 0;
    for (int i = 0; i < s.getClassicBuckets().size(); i++) {
      c += s.getClassicBuckets().getCount(i);
      out.add(c);
    }
    return out;
  }
}
