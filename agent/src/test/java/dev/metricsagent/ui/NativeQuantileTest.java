package dev.metricsagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.core.HttpMetrics;
import dev.metricsagent.core.HttpMetricsOptions;
import dev.metricsagent.core.NativeHistogramOptions;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The page's percentiles against the exact quantiles of the durations recorded: the agent's real
 * histograms, read by the page's sampler on a clock the test moves. With native buckets (the
 * default) every percentile is within a native bucket's width (2.2 % at schema 5) of the truth on
 * a fast app, where the classic estimate is off by a factor; a cold request does not move it.
 */
class NativeQuantileTest {
  private static final double NATIVE_ERROR = Math.pow(2, 1.0 / 32) - 1; // 2.19 %

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final AtomicLong clock = new AtomicLong(1_000_000);

  /** Durations like the demo app's under scripts/load: ~0.3-3 ms, one cold request of 330 ms. */
  private static long[] demoLikeNanos(int n, long seed) {
    Random r = new Random(seed);
    long[] d = new long[n];
    for (int i = 0; i < n; i++) {
      d[i] = (long) (Math.exp(Math.log(0.8e6) + 0.5 * r.nextGaussian()));
    }
    d[0] = 330_000_000L;
    return d;
  }

  private static double exact(long[] nanos, double q) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    // the smallest value with at least q·n values at or below it (histogram_quantile's rank)
    int k = (int) Math.ceil(q * s.length) - 1;
    return s[Math.max(0, k)] / 1e9;
  }

  private RouteRow row(View v, String key) {
    for (RouteRow r : v.rows) {
      if (r.route.key.equals(key)) {
        return r;
      }
    }
    throw new AssertionError("no row " + key);
  }

  private HttpMetrics metricsOf(HttpMetricsOptions o) {
    return new HttpMetrics(PrometheusProperties.builder().build(), registry, o.withExemplars(false));
  }

  @Test
  void nativePercentilesAreWithinABucketOfTheRecordedDurations() {
    HttpMetrics m = metricsOf(HttpMetricsOptions.DEFAULTS);
    Sampler s = new Sampler(new RegistryReader(registry, clock::get), clock.get());
    long[] d = demoLikeNanos(6000, 7);
    for (int step = 0; step < 60; step++) { // 5 minutes of traffic, a snapshot every 5 s
      for (int i = step * 100; i < (step + 1) * 100; i++) {
        m.record("GET", "/products/:id", 200, d[i]);
      }
      clock.addAndGet(Sampler.STEP_MILLIS);
      s.tick();
    }
    View v = s.view(null);
    assertTrue(v.nativeQuantiles);
    RouteRow r = row(v, "GET /products/:id");
    double[] qs = {0.5, 0.95, 0.99};
    Quantile[] shown = {r.p50, r.p95, r.p99};
    for (int i = 0; i < qs.length; i++) {
      double truth = exact(d, qs[i]);
      double err = Math.abs(shown[i].value - truth) / truth;
      assertTrue(err <= NATIVE_ERROR, "p" + qs[i] + ": shown " + shown[i].value + ", recorded " + truth);
      assertTrue(shown[i].fromNative);
      assertTrue(shown[i].lower < truth && truth <= shown[i].upper * (1 + 1e-9), "in its bucket");
    }
    String html = PageHtml.of(v, null, false);
    assertTrue(html.contains("come from the native histogram buckets"), html);
    assertTrue(Format.bucket(r.p50).startsWith("estimate: the native histogram bucket is "));
  }

  @Test
  void withNativeHistogramsOffThePageUsesClassicBucketsAndSaysSo() {
    HttpMetrics m =
        metricsOf(HttpMetricsOptions.DEFAULTS.withNativeHistograms(NativeHistogramOptions.OFF));
    Sampler s = new Sampler(new RegistryReader(registry, clock::get), clock.get());
    long[] d = demoLikeNanos(1000, 3);
    for (long n : d) {
      m.record("GET", "/x", 200, n);
    }
    clock.addAndGet(Sampler.STEP_MILLIS);
    s.tick();
    View v = s.view(null);
    assertFalse(v.nativeQuantiles);
    RouteRow r = row(v, "GET /x");
    assertFalse(r.p50.fromNative);
    assertEquals(0.0, r.p50.lower);
    assertEquals(0.005, r.p50.upper); // the first classic bucket: all a fast app's requests
    String html = PageHtml.of(v, null, false);
    assertTrue(html.contains("come from the classic buckets"), html);
    assertTrue(ViewJson.of(v).contains("\"quantiles\":\"classic\""));
  }

  /** The table's window: what the last 5 (to 6) minutes added, not what came before. */
  @Test
  void theWindowLeavesOutOlderRequests() {
    HttpMetrics m = metricsOf(HttpMetricsOptions.DEFAULTS);
    Sampler s = new Sampler(new RegistryReader(registry, clock::get), clock.get());
    for (int i = 0; i < 1000; i++) {
      m.record("GET", "/x", 200, 50_000_000L); // 50 ms, long ago
    }
    for (int step = 0; step < 90; step++) { // 7.5 minutes of 1 ms requests
      m.record("GET", "/x", 200, 1_000_000L);
      clock.addAndGet(Sampler.STEP_MILLIS);
      s.tick();
    }
    assertTrue(s.kept() <= Sampler.KEPT);
    RouteRow r = row(s.view(null), "GET /x");
    assertTrue(Math.abs(r.p99.value - 0.001) <= 0.001 * NATIVE_ERROR, "p99 " + r.p99.value);
    View v = s.view(null);
    assertTrue(v.quantileWindowMillis >= View.FIVE_MINUTES, "" + v.quantileWindowMillis);
    assertTrue(v.quantileWindowMillis <= View.FIVE_MINUTES + View.MINUTE + Sampler.STEP_MILLIS,
        "" + v.quantileWindowMillis);
  }

  /** Native buckets stay only where windows start: the last minute and one snapshot a minute. */
  @Test
  void theRingKeepsNativeBucketsOnlyWhereWindowsStart() {
    List<Snapshot> ring = new ArrayList<>();
    for (int i = 0; i < Sampler.KEPT; i++) {
      ring.add(new Snapshot(i * Sampler.STEP_MILLIS, new double[] {1}, new Route[0],
          new RouteSample[0], new boolean[0], ProcessSample.NONE, new NativeSample[0]));
    }
    Sampler.dropOldNatives(ring);
    long now = ring.get(ring.size() - 1).atMillis;
    int kept = 0;
    for (int i = 0; i < ring.size(); i++) {
      Snapshot s = ring.get(i);
      boolean recent = now - s.atMillis <= Sampler.NATIVE_RECENT_MILLIS;
      boolean minuteMark = i == 0 || s.atMillis / View.MINUTE != ring.get(i - 1).atMillis / View.MINUTE;
      assertEquals(recent || minuteMark, s.natives != null, "snapshot at " + s.atMillis);
      kept += s.natives != null ? 1 : 0;
    }
    assertTrue(kept <= 22, "kept " + kept + " of " + ring.size());
  }

  @Test
  void scalingDownMergesNeighbouringBuckets() {
    // schema 1: bounds 2^(i/2); bucket 3 is (2^1, 2^1.5], in schema 0 it is bucket 2: (2, 4]
    NativeSample a = new NativeSample(1, 0, 0, new int[] {-1, 0, 1, 2, 3}, new long[] {1, 2, 3, 4, 5});
    NativeSample down = a.scaledTo(0);
    assertEquals("[0, 1, 2]", Arrays.toString(down.indexes));
    assertEquals("[3, 7, 5]", Arrays.toString(down.counts));
    NativeSample later = new NativeSample(0, 0, 0, new int[] {0, 1, 2}, new long[] {4, 9, 5});
    NativeSample added = later.minus(a);
    assertEquals("[0, 1]", Arrays.toString(added.indexes));
    assertEquals("[1, 2]", Arrays.toString(added.counts));
    // a count that went down: the histogram restarted, all of it is new
    NativeSample restarted = new NativeSample(0, 0, 0, new int[] {1}, new long[] {1});
    assertEquals(restarted, restarted.minus(a));
    NativeSample sum = a.plus(later);
    assertEquals(a.count() + later.count(), sum.count());
    assertEquals("[0, 1, 2]", Arrays.toString(sum.indexes));
    assertEquals("[7, 16, 10]", Arrays.toString(sum.counts));
    assertNull(NativeWindow.over(List.of(new Snapshot(0, new double[] {1}, new Route[0],
        new RouteSample[0], new boolean[0], ProcessSample.NONE)), -1, 0));
  }
}
