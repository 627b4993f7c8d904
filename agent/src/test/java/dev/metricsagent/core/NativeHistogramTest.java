package dev.metricsagent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.config.AgentConfig;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.NativeHistogramBucket;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Native buckets of {@link StripedHistogram}: the protobuf exposition decoded and compared, series
 * by series and bucket by bucket, with the client's own {@code Histogram} given the same values.
 */
class NativeHistogramTest {
  private static final String[] ENDPOINTS = {"/products", "/products/:id", "/a \"quoted\" one"};

  /** Ours and the client's, registered in two registries, fed the same values. */
  private static final class Pair {
    final PrometheusRegistry ours = new PrometheusRegistry();
    final PrometheusRegistry theirs = new PrometheusRegistry();
    final StripedHistogram h;
    final Histogram client;

    Pair(NativeHistogramOptions n, double[] bounds, double divisor, Unit unit, String name) {
      h = new StripedHistogram(name, "Help.", unit, bounds, divisor, n, "method", "endpoint");
      ours.register(h);
      client =
          Histogram.builder(PrometheusProperties.builder().build())
              .name(name).help("Help.").unit(unit).labelNames("method", "endpoint")
              .classicUpperBounds(bounds)
              .nativeInitialSchema(n.initialSchema())
              .nativeMinZeroThreshold(n.minZeroThreshold())
              .nativeMaxZeroThreshold(n.maxZeroThreshold())
              .nativeMaxNumberOfBuckets(n.maxBuckets())
              .withoutExemplars()
              .register(theirs);
    }

    void observe(String method, String endpoint, long raw, double divisor) {
      h.labelValues(method, endpoint).observe(raw);
      client.labelValues(method, endpoint).observe(raw / divisor);
    }
  }

  private static Pair seconds(NativeHistogramOptions n) {
    return new Pair(n, AgentConfig.DEFAULT_BUCKETS, 1e9, Unit.SECONDS, "http_request_duration_seconds");
  }

  private static List<Metrics.MetricFamily> protobuf(PrometheusRegistry r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusProtobufWriter().write(out, r.scrape(), EscapingScheme.ALLOW_UTF8);
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    List<Metrics.MetricFamily> families = new ArrayList<>();
    Metrics.MetricFamily f;
    while ((f = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
      families.add(f);
    }
    return families;
  }

  /** Series by their label values; the histogram as decoded. */
  private static TreeMap<String, Metrics.Histogram> series(List<Metrics.MetricFamily> families) {
    TreeMap<String, Metrics.Histogram> out = new TreeMap<>();
    for (Metrics.MetricFamily f : families) {
      assertEquals(Metrics.MetricType.HISTOGRAM, f.getType());
      for (Metrics.Metric m : f.getMetricList()) {
        StringBuilder k = new StringBuilder(f.getName());
        for (Metrics.LabelPair l : m.getLabelList()) {
          k.append(',').append(l.getName()).append('=').append(l.getValue());
        }
        out.put(k.toString(), m.getHistogram());
      }
    }
    return out;
  }

  /**
   * Field by field; the sum within rounding (the client adds doubles, we whole raw units) and the
   * created timestamp (each sets its own) apart.
   */
  private static void assertSameProtobuf(Pair p) throws Exception {
    TreeMap<String, Metrics.Histogram> expected = series(protobuf(p.theirs));
    TreeMap<String, Metrics.Histogram> actual = series(protobuf(p.ours));
    assertEquals(expected.keySet(), actual.keySet());
    for (String k : expected.keySet()) {
      Metrics.Histogram e = expected.get(k);
      Metrics.Histogram a = actual.get(k);
      assertEquals(e.getSchema(), a.getSchema(), k + " schema");
      assertEquals(e.getZeroThreshold(), a.getZeroThreshold(), k + " zero threshold");
      assertEquals(e.getZeroCount(), a.getZeroCount(), k + " zero count");
      assertEquals(e.getPositiveSpanList(), a.getPositiveSpanList(), k + " positive spans");
      assertEquals(e.getPositiveDeltaList(), a.getPositiveDeltaList(), k + " positive deltas");
      assertEquals(e.getNegativeSpanList(), a.getNegativeSpanList(), k + " negative spans");
      assertEquals(e.getNegativeDeltaList(), a.getNegativeDeltaList(), k + " negative deltas");
      assertEquals(e.getSampleCount(), a.getSampleCount(), k + " count");
      assertEquals(e.getSampleSum(), a.getSampleSum(), 1e-9 * Math.max(1, Math.abs(e.getSampleSum())), k + " sum");
      assertEquals(e.getBucketList(), a.getBucketList(), k + " classic buckets");
      Metrics.Histogram.Builder eb = e.toBuilder().clearSampleSum().clearCreatedTimestamp();
      Metrics.Histogram.Builder ab = a.toBuilder().clearSampleSum().clearCreatedTimestamp();
      assertEquals(eb.build(), ab.build(), k + ": every other field");
    }
  }

  private static void feed(Pair p, int n, long seed, LongSupplierWithRandom values, double divisor) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      String method = i % 3 == 0 ? "POST" : "GET";
      p.observe(method, ENDPOINTS[random.nextInt(ENDPOINTS.length)], values.next(random, i), divisor);
    }
  }

  interface LongSupplierWithRandom {
    long next(SplittableRandom r, int i);
  }

  /** Latencies of a web app: classic bounds exactly and a nanosecond off, and 0.1 ms .. 20 s. */
  private static long latency(SplittableRandom r, int i) {
    switch (i % 5) {
      case 0:
        return (long) (AgentConfig.DEFAULT_BUCKETS[r.nextInt(11)] * 1e9);
      case 1:
        return (long) (AgentConfig.DEFAULT_BUCKETS[r.nextInt(11)] * 1e9) + (r.nextBoolean() ? 1 : -1);
      case 2:
        return 0; // the zero bucket
      default:
        return (long) Math.exp(Math.log(100_000) + r.nextDouble() * Math.log(200_000));
    }
  }

  @Test
  void theProtobufExpositionIsTheClientsForTheSameRequests() throws Exception {
    Pair p = seconds(NativeHistogramOptions.DEFAULTS);
    feed(p, 3_000, 42, NativeHistogramTest::latency, 1e9);
    p.h.labelValues("DELETE", "/never"); // a series at zero, as the route inventory creates them
    p.client.labelValues("DELETE", "/never");
    assertSameProtobuf(p);
    HistogramDataPointSnapshot s = p.h.labelValues("GET", "/products").snapshot(0);
    assertTrue(s.getNativeSchema() < 5, "3,000 latencies over 5 decades took the schema down");
  }

  @Test
  void afterTheBucketLimitForcesScaleDownsItIsStillTheClients() throws Exception {
    for (int max : new int[] {1, 5, 20, 100}) {
      Pair p = seconds(NativeHistogramOptions.DEFAULTS.withMaxBuckets(max));
      feed(p, 2_000, max, NativeHistogramTest::latency, 1e9);
      assertSameProtobuf(p);
      assertTrue(p.h.labelValues("GET", "/products").snapshot(0).getNativeSchema() < 5);
    }
  }

  @Test
  void otherSchemasAndAWideningZeroBucketAreTheClientsToo() throws Exception {
    NativeHistogramOptions[] variants = {
      NativeHistogramOptions.DEFAULTS.withInitialSchema(8),
      NativeHistogramOptions.DEFAULTS.withInitialSchema(0),
      NativeHistogramOptions.DEFAULTS.withInitialSchema(-4),
      NativeHistogramOptions.DEFAULTS.withInitialSchema(1).withMaxBuckets(10),
      NativeHistogramOptions.DEFAULTS.withZeroThresholds(0.001, 0.001),
      NativeHistogramOptions.DEFAULTS.withZeroThresholds(1e-6, 0.05).withMaxBuckets(30),
    };
    for (NativeHistogramOptions n : variants) {
      Pair p = seconds(n);
      feed(p, 2_000, 7, NativeHistogramTest::latency, 1e9);
      assertSameProtobuf(p);
    }
  }

  @Test
  void sizesInBytesAreTheClientsToo() throws Exception {
    Pair p =
        new Pair(NativeHistogramOptions.DEFAULTS, HttpMetrics.SIZE_BUCKETS, 1, Unit.BYTES,
            "http_response_size_bytes");
    feed(p, 2_000, 3, (r, i) -> i % 7 == 0 ? 0 : (long) Math.exp(r.nextDouble() * Math.log(5e7)), 1);
    assertSameProtobuf(p);
  }

  @Test
  void theTextFormatsKeepTheClassicBucketsOnly() throws Exception {
    Pair p = seconds(NativeHistogramOptions.DEFAULTS);
    feed(p, 500, 1, NativeHistogramTest::latency, 1e9);
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(ours, p.ours.scrape(), EscapingScheme.ALLOW_UTF8);
    ByteArrayOutputStream theirs = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(theirs, p.theirs.scrape(), EscapingScheme.ALLOW_UTF8);
    String o = ours.toString(StandardCharsets.UTF_8);
    String t = theirs.toString(StandardCharsets.UTF_8);
    assertEquals(
        t.lines().filter(l -> !l.contains("_sum{")).collect(Collectors.toList()),
        o.lines().filter(l -> !l.contains("_sum{")).collect(Collectors.toList()));
    assertEquals(t.lines().count(), o.lines().count());
  }

  @Test
  void indexIsTheClientsLoopForEveryKindOfValue() {
    SplittableRandom r = new SplittableRandom(5);
    for (int schema = ExponentialBuckets.MIN_SCHEMA; schema <= ExponentialBuckets.MAX_SCHEMA; schema++) {
      for (int i = 0; i < 20_000; i++) {
        double v;
        switch (i % 4) {
          case 0:
            v = r.nextLong(1, Long.MAX_VALUE) / 1e9;
            break;
          case 1: // a bucket bound itself, and its neighbours
            v = ExponentialBuckets.upperBound(schema, r.nextInt(-40 << Math.max(schema, 0), 40 << Math.max(schema, 0)));
            v = i % 8 == 1 ? v : (i % 8 == 5 ? Math.nextUp(v) : Math.nextDown(v));
            break;
          case 2:
            v = Math.scalb(0.5, r.nextInt(-60, 64)); // powers of two
            break;
          default:
            v = r.nextLong(1, 1L << 40);
        }
        assertEquals(ExponentialBuckets.indexSlow(v, schema), ExponentialBuckets.index(v, schema),
            "schema " + schema + ", value " + v);
      }
    }
    assertEquals(-202, ExponentialBuckets.index(0.0125, 5));
  }

  @Test
  void concurrentWritersAndScrapesLoseNothingAndAlwaysAgree() throws Exception {
    // max 20 buckets and values over 6 decades: the series scales down while written and scraped
    StripedHistogram h =
        new StripedHistogram("d_seconds", "D.", Unit.SECONDS, AgentConfig.DEFAULT_BUCKETS, 1e9,
            NativeHistogramOptions.DEFAULTS.withMaxBuckets(20), "m");
    StripedHistogram.DataPoint p = h.labelValues("GET");
    int threads = 4;
    int each = 200_000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int seed = t;
      Thread w =
          new Thread(() -> {
            SplittableRandom r = new SplittableRandom(seed);
            try {
              go.await();
            } catch (InterruptedException e) {
              return;
            }
            for (int i = 0; i < each; i++) {
              p.observe(i % 10 == 0 ? 0 : 1_000 + (r.nextLong(10_000_000_000L) >> r.nextInt(20)));
            }
          });
      w.start();
      writers.add(w);
    }
    go.countDown();
    int scrapes = 0;
    long lastCount = 0;
    while (writers.stream().anyMatch(Thread::isAlive) || scrapes < 20) {
      HistogramDataPointSnapshot s = p.snapshot(0);
      assertConsistent(s);
      assertTrue(s.getCount() >= lastCount, "counts never go back, even while cells move");
      lastCount = s.getCount();
      scrapes++;
    }
    for (Thread w : writers) {
      w.join();
    }
    HistogramDataPointSnapshot s = p.snapshot(0);
    assertConsistent(s);
    assertEquals((long) threads * each, s.getCount());
    assertEquals((long) threads * each / 10, s.getNativeZeroCount());
    assertTrue(s.getNativeSchema() < 5, "scaled down while written: " + s.getNativeSchema());
  }

  private static void assertConsistent(HistogramDataPointSnapshot s) {
    long classic = 0;
    for (int i = 0; i < s.getClassicBuckets().size(); i++) {
      classic += s.getClassicBuckets().getCount(i);
    }
    long nativeCount = s.getNativeZeroCount();
    for (NativeHistogramBucket b : s.getNativeBucketsForPositiveValues()) {
      nativeCount += b.getCount();
    }
    assertEquals(s.getCount(), classic, "count = classic buckets");
    assertEquals(s.getCount(), nativeCount, "count = zero bucket + native buckets");
  }

  @Test
  void aSeriesStaysWithinItsDocumentedWorstCase() {
    for (int max : new int[] {1, 10, NativeHistogramOptions.DEFAULT_MAX_BUCKETS, 1000}) {
      for (int schema : new int[] {8, 5, 0}) {
        StripedHistogram h =
            new StripedHistogram("w_seconds", "W.", Unit.SECONDS, AgentConfig.DEFAULT_BUCKETS, 1e9,
                NativeHistogramOptions.DEFAULTS.withMaxBuckets(max).withInitialSchema(schema), "m");
        StripedHistogram.DataPoint p = h.labelValues("GET");
        SplittableRandom r = new SplittableRandom(max);
        int worstNative = 0;
        for (int i = 0; i < 200_000; i++) {
          // every order of magnitude a long holds: 1 ns .. 292 years
          p.observe(r.nextLong(1, Long.MAX_VALUE) >>> r.nextInt(63));
          worstNative = Math.max(worstNative, p.cells().nativeBuckets());
        }
        Cells c = p.cells();
        int limit = StripedHistogram.worstCaseCells(max, AgentConfig.DEFAULT_BUCKETS.length + 1);
        assertTrue(worstNative <= max + 12 || worstNative <= 6, max + "/" + schema + ": " + worstNative);
        assertTrue(c.capacity <= limit, c + " over " + limit);
        assertTrue(
            c.footprintBytes() <= StripedHistogram.worstCaseBytes(max, AgentConfig.DEFAULT_BUCKETS.length + 1, c.stripes.length),
            c.footprintBytes() + " bytes");
        assertEquals(200_000, p.snapshot(0).getCount());
      }
    }
  }
}
