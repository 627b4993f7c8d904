package dev.metricsagent.ui;

import java.util.List;

/**
 * What one route (or all of them) gained over a window of snapshots: requests by status class,
 * duration observations per bucket, and the window's exact length. Counters that went down
 * between two snapshots restarted, and count from zero from there (Prometheus's {@code
 * increase}); a route that appears within the window was created at zero there.
 *
 * <pre>{@code
 * Increase last5m = Increase.over(snapshots, Increase.start(snapshots, now, 300_000), id);
 * double perSecond = last5m.rate();
 * }</pre>
 */
final class Increase {
  long total;
  long client;
  long server;
  final long[] buckets;
  long millis;

  Increase(int buckets) {
    this.buckets = new long[buckets];
  }

  /**
   * The index of the snapshot a window of {@code windowMillis} ending at the last snapshot starts
   * from: the newest one taken at least that long before the last, or the oldest when history is
   * shorter (the rate then divides by the shorter time really covered).
   */
  static int start(List<Snapshot> snapshots, long windowMillis) {
    int last = snapshots.size() - 1;
    long from = snapshots.get(last).atMillis - windowMillis;
    for (int i = last - 1; i >= 0; i--) {
      if (snapshots.get(i).atMillis <= from) {
        return i;
      }
    }
    return 0;
  }

  /** The increase of route {@code id} from snapshot {@code from} to the last one. */
  static Increase over(List<Snapshot> snapshots, int from, int id) {
    Snapshot last = snapshots.get(snapshots.size() - 1);
    Increase d = new Increase(last.upperBounds.length);
    d.add(snapshots, from, id);
    d.millis = last.atMillis - snapshots.get(from).atMillis;
    return d;
  }

  /** Adds route {@code id}'s increase from snapshot {@code from} to the last one. */
  void add(List<Snapshot> snapshots, int from, int id) {
    RouteSample before = snapshots.get(from).sample(id);
    for (int i = from + 1; i < snapshots.size(); i++) {
      RouteSample now = snapshots.get(i).sample(id);
      if (now == null || now == before) {
        continue; // absent (keep the last seen as the base) or unchanged
      }
      if (before == null || now.resetSince(before)) {
        plus(now, null); // created (or restarted) since the last snapshot: all of it is new
      } else {
        plus(now, before);
      }
      before = now;
    }
  }

  private void plus(RouteSample now, RouteSample before) {
    total += now.total - (before == null ? 0 : before.total);
    client += now.client - (before == null ? 0 : before.client);
    server += now.server - (before == null ? 0 : before.server);
    int n = Math.min(buckets.length, now.buckets.length);
    // a sample read before the histogram had any series has one bucket (+Inf): not comparable
    boolean sameBuckets = before != null && before.buckets.length == now.buckets.length;
    for (int b = 0; b < n; b++) {
      buckets[b] += now.buckets[b] - (sameBuckets ? before.buckets[b] : 0);
    }
  }

  /** Requests per second; NaN when the window has no length yet. */
  double rate() {
    return millis <= 0 ? Double.NaN : total * 1000.0 / millis;
  }

  /** Share of requests answered 4xx; NaN without requests. */
  double clientErrorRatio() {
    return total == 0 ? Double.NaN : (double) client / total;
  }

  /** Share of requests answered 5xx; NaN without requests. */
  double serverErrorRatio() {
    return total == 0 ? Double.NaN : (double) server / total;
  }

  Quantile quantile(double q, double[] upperBounds) {
    return Quantile.of(q, upperBounds, buckets);
  }
}
