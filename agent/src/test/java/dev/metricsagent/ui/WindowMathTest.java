package dev.metricsagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page's figures from known snapshots: rates, ratios, quantiles, resets, routes added. */
class WindowMathTest {
  static final double INF = Double.POSITIVE_INFINITY;
  static final double[] BOUNDS = {0.1, 0.5, 1, INF};
  static final Route A = new Route("GET", "/a");
  static final Route B = new Route("POST", "/b");
  static final Route[] ROUTES = {A, B};

  static RouteSample sample(long total, long c4, long c5, long... buckets) {
    return new RouteSample(total, c4, c5, buckets, 0);
  }

  static Snapshot snap(long atMillis, RouteSample a, RouteSample b) {
    return new Snapshot(
        atMillis, BOUNDS, ROUTES, new RouteSample[] {a, b}, new boolean[] {true, true},
        ProcessSample.NONE);
  }

  @Test
  void quantilesInterpolateInsideTheirBucketLikeHistogramQuantile() {
    long[] counts = {50, 40, 10, 0};
    Quantile p50 = Quantile.of(0.5, BOUNDS, counts); // rank 50: the end of the first bucket
    assertEquals(0.1, p50.value, 1e-12);
    assertEquals(0, p50.lower);
    assertEquals(0.1, p50.upper);
    Quantile p95 = Quantile.of(0.95, BOUNDS, counts); // rank 95: half way through (0.5, 1]
    assertEquals(0.75, p95.value, 1e-12);
    assertEquals(0.5, p95.lower);
    assertEquals(1.0, p95.upper);
    assertEquals(0.95, Quantile.of(0.99, BOUNDS, counts).value, 1e-12);
    Quantile p25 = Quantile.of(0.25, BOUNDS, counts);
    assertEquals(0.05, p25.value, 1e-12);
    // one request in (0.1, 0.5]: every quantile is interpolated in that bucket
    assertEquals(0.1 + 0.4 * 0.5, Quantile.of(0.5, BOUNDS, new long[] {0, 1, 0, 0}).value, 1e-12);
    // empty buckets before the rank are skipped
    assertEquals(0.5 + 0.5 * 0.95, Quantile.of(0.95, BOUNDS, new long[] {0, 0, 1, 0}).value, 1e-12);
  }

  @Test
  void aQuantileInThePlusInfBucketIsTheHighestFiniteBound() {
    Quantile q = Quantile.of(0.99, BOUNDS, new long[] {1, 0, 0, 9});
    assertEquals(1.0, q.value);
    assertEquals(1.0, q.lower);
    assertEquals(INF, q.upper);
    assertEquals("> 1.00 s", Format.quantile(q));
  }

  @Test
  void noObservationsNoQuantile() {
    assertFalse(Quantile.of(0.5, BOUNDS, new long[4]).known());
    assertEquals("–", Format.quantile(Quantile.of(0.5, BOUNDS, new long[4])));
  }

  @Test
  void ratesRatiosAndQuantilesOverAWindow() {
    List<Snapshot> s = new ArrayList<>();
    // every 5 s for 2 minutes, route A gains 10 requests a step: 6 in (0, 0.1], 4 in (0.1, 0.5],
    // one of them a 404 and (from step 12 on) one a 500
    for (int i = 0; i <= 24; i++) {
      long c5 = Math.max(0, i - 12);
      s.add(snap(1_000_000 + i * 5_000L, sample(10L * i, i, c5, 6L * i, 4L * i, 0, 0), null));
    }
    int from1 = Increase.start(s, 60_000);
    assertEquals(12, from1); // exactly one minute before the last
    Increase m1 = Increase.over(s, from1, 0);
    assertEquals(120, m1.total);
    assertEquals(60_000, m1.millis);
    assertEquals(2.0, m1.rate(), 1e-12);
    assertEquals(12 / 120.0, m1.clientErrorRatio(), 1e-12);
    assertEquals(12 / 120.0, m1.serverErrorRatio(), 1e-12);
    assertEquals(72, m1.buckets[0]);
    assertEquals(48, m1.buckets[1]);
    // p50: rank 60 of 72 in the first bucket
    assertEquals(0.1 * 60 / 72, m1.quantile(0.5, BOUNDS).value, 1e-12);
    // p95: rank 114, the second bucket holds ranks 73..120
    assertEquals(0.1 + 0.4 * (114 - 72) / 48.0, m1.quantile(0.95, BOUNDS).value, 1e-12);

    // five minutes asked, two covered: the rate divides by the time really covered
    int from5 = Increase.start(s, 300_000);
    assertEquals(0, from5);
    Increase m5 = Increase.over(s, from5, 0);
    assertEquals(240, m5.total);
    assertEquals(120_000, m5.millis);
    assertEquals(2.0, m5.rate(), 1e-12);
    assertEquals(12 / 240.0, m5.serverErrorRatio(), 1e-12);
  }

  @Test
  void aWindowStartsAtTheNewestSnapshotOldEnough() {
    List<Snapshot> s = new ArrayList<>();
    for (long t : new long[] {0, 4_000, 9_000, 14_500, 70_000}) {
      s.add(snap(t, sample(0, 0, 0, 0, 0, 0, 0), null));
    }
    assertEquals(2, Increase.start(s, 60_000)); // 9 000 <= 70 000 - 60 000 < 14 500
    assertEquals(0, Increase.start(s, 300_000));
    List<Snapshot> one = s.subList(0, 1);
    assertTrue(Double.isNaN(Increase.over(one, Increase.start(one, 60_000), 0).rate()));
  }

  @Test
  void aSampleReadBeforeTheHistogramHadBucketsIsNotSubtractedBucketByBucket() {
    // the first snapshot was taken when the duration histogram had no series yet: one bucket
    List<Snapshot> s =
        Arrays.asList(
            new Snapshot(0, new double[] {INF}, ROUTES, new RouteSample[] {sample(0, 0, 0, 0), null},
                new boolean[] {true, true}, ProcessSample.NONE),
            snap(5_000, sample(2, 0, 0, 1, 1, 0, 0), null));
    Increase d = Increase.over(s, 0, 0);
    assertEquals(2, d.total);
    assertEquals(1, d.buckets[0]);
    assertEquals(1, d.buckets[1]);
  }

  @Test
  void aCounterResetCountsFromZeroLikePrometheusIncrease() {
    // 100 -> 120 (+20), then the counters restart (attach after a restart of the series): 5
    // (+5), then 15 (+10)
    List<Snapshot> s =
        Arrays.asList(
            snap(0, sample(100, 10, 0, 100, 0, 0, 0), null),
            snap(5_000, sample(120, 10, 2, 110, 10, 0, 0), null),
            snap(10_000, sample(5, 1, 0, 5, 0, 0, 0), null),
            snap(15_000, sample(15, 1, 1, 10, 5, 0, 0), null));
    Increase d = Increase.over(s, 0, 0);
    assertEquals(35, d.total);
    assertEquals(1, d.client);
    assertEquals(3, d.server);
    assertEquals(10 + 5 + 5, d.buckets[0]);
    assertEquals(10 + 0 + 5, d.buckets[1]);
    assertEquals(35.0 / 15, d.rate(), 1e-12);
  }

  @Test
  void aBucketGoingDownIsAResetEvenIfTheTotalGrew() {
    List<Snapshot> s =
        Arrays.asList(
            snap(0, sample(10, 0, 0, 10, 0, 0, 0), null),
            snap(5_000, sample(12, 0, 0, 2, 10, 0, 0), null));
    Increase d = Increase.over(s, 0, 0);
    assertEquals(12, d.total);
    assertEquals(2, d.buckets[0]);
    assertEquals(10, d.buckets[1]);
  }

  @Test
  void routesAddedAndRemovedBetweenSnapshots() {
    RouteSample a = sample(4, 0, 0, 4, 0, 0, 0);
    List<Snapshot> s =
        Arrays.asList(
            // B does not exist yet
            new Snapshot(0, BOUNDS, new Route[] {A}, new RouteSample[] {a}, new boolean[] {true},
                ProcessSample.NONE),
            // B appears with 7 requests: all 7 are in the window (created at zero)
            snap(5_000, a, sample(7, 0, 7, 0, 7, 0, 0)),
            // B gone from this reading (e.g. removed): neither counted nor a reset
            snap(10_000, a, null),
            // B back, 2 more: counted from its last value, not again from zero
            snap(15_000, a, sample(9, 0, 7, 0, 9, 0, 0)));
    Increase b = Increase.over(s, 0, 1);
    assertEquals(9, b.total);
    assertEquals(7, b.server);
    Increase fromMiddle = Increase.over(s, 1, 1);
    assertEquals(2, fromMiddle.total);
    assertEquals(0, fromMiddle.server);
    Increase idle = Increase.over(s, 0, 0);
    assertEquals(0, idle.total);
    assertEquals(15_000, idle.millis);
    assertEquals(0.0, idle.rate());
    assertNull(s.get(0).sample(1)); // an older snapshot simply has fewer routes
  }

  @Test
  void theViewFlagsNeverCalledFailingAndSlowestRoutes() {
    Route c = new Route("GET", "unmatched");
    Route[] routes = {A, B, c};
    Snapshot before =
        new Snapshot(0, BOUNDS, routes,
            new RouteSample[] {sample(0, 0, 0, 0, 0, 0, 0), sample(0, 0, 0, 0, 0, 0, 0), null},
            new boolean[] {true, true, false}, ProcessSample.NONE);
    Snapshot now =
        new Snapshot(60_000, BOUNDS, routes,
            new RouteSample[] {
              sample(0, 0, 0, 0, 0, 0, 0), // A: registered, never called
              sample(20, 0, 5, 0, 10, 10, 0), // B: slow, a quarter 5xx
              sample(3, 3, 0, 3, 0, 0, 0) // unmatched: 404s
            },
            new boolean[] {true, true, false}, ProcessSample.NONE);
    History h = new History();
    View v = View.of(Arrays.asList(before, now), h, null, 2);
    assertEquals(3, v.rows.size());
    RouteRow a = v.rows.get(0);
    assertEquals("GET /a", a.route.key);
    assertTrue(a.neverCalled());
    assertFalse(a.p95.known());
    RouteRow b = v.rows.get(1);
    assertEquals("POST /b", b.route.key);
    assertEquals(4, b.failureLevel());
    assertTrue(b.slowest);
    assertEquals(1.0, b.slowness);
    assertEquals(20.0 / 60, b.rate1m, 1e-12);
    RouteRow u = v.rows.get(2);
    assertTrue(u.fixed());
    assertEquals(1.0, u.clientErrors);
    assertFalse(u.slowest);
    assertEquals(0.095 / 0.95, u.slowness, 1e-9); // its p95 against B's
  }

  @Test
  void theHistoryKeepsFifteenMinutesOldestFirst() {
    History h = new History();
    for (int i = 0; i < History.STEPS + 20; i++) {
      h.add(i * 5_000L, new float[] {i}, new float[] {i / 10f}, i * 2f, 0f);
    }
    assertEquals(History.STEPS, h.size());
    History.Series a = h.series(0);
    assertEquals(History.STEPS, a.at.length);
    assertEquals(20 * 5_000L, a.at[0]);
    assertEquals(20f, a.rate[0]);
    assertEquals(History.STEPS + 19f, a.rate[History.STEPS - 1]);
    History.Series all = h.series(-1);
    assertEquals(2f * (History.STEPS + 19), all.rate[History.STEPS - 1]);
    History.Series unknown = h.series(7);
    assertTrue(Float.isNaN(unknown.rate[0]));
    // a route added later has no values before it existed
    h.add(1_000_000L, new float[] {1, 5}, new float[] {0, 0}, 0, 0);
    History.Series b = h.series(1);
    assertTrue(Float.isNaN(b.rate[0]));
    assertEquals(5f, b.rate[History.STEPS - 1]);
  }

  @Test
  void unchangedSamplesAreShared() {
    RouteSample x = sample(1, 0, 0, 1, 0, 0, 0);
    assertTrue(x.sameAs(sample(1, 0, 0, 1, 0, 0, 0)));
    assertFalse(x.sameAs(sample(1, 0, 0, 0, 1, 0, 0)));
    assertFalse(x.sameAs(null));
    List<Snapshot> s = Arrays.asList(snap(0, x, null), snap(5_000, x, null));
    assertSame(s.get(0).sample(0), s.get(1).sample(0));
    assertEquals(0, Increase.over(s, 0, 0).total);
  }
}
