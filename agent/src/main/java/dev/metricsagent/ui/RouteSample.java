package dev.metricsagent.ui;

import java.util.Arrays;

/**
 * One route's counters at one instant, as the registry had them: requests by status class, the
 * duration histogram's buckets (not cumulative), requests in progress. Immutable; a snapshot
 * reuses the previous sample of a route that did not change, so an idle route costs the ring one
 * reference per snapshot.
 */
final class RouteSample {
  final long total;
  final long client; // 4xx
  final long server; // 5xx
  final long[] buckets; // per bucket, in the order of the snapshot's upper bounds
  final long inProgress;

  RouteSample(long total, long client, long server, long[] buckets, long inProgress) {
    this.total = total;
    this.client = client;
    this.server = server;
    this.buckets = buckets;
    this.inProgress = inProgress;
  }

  /** Observations in the duration histogram. */
  long observations() {
    long n = 0;
    for (long b : buckets) {
      n += b;
    }
    return n;
  }

  boolean sameAs(RouteSample o) {
    return o != null
        && total == o.total
        && client == o.client
        && server == o.server
        && inProgress == o.inProgress
        && Arrays.equals(buckets, o.buckets);
  }

  /**
   * Whether any counter went down since {@code before}: the counters restarted (a new series
   * behind the same labels), so this sample counts from zero, as Prometheus's {@code rate} assumes.
   */
  boolean resetSince(RouteSample before) {
    if (total < before.total || client < before.client || server < before.server) {
      return true;
    }
    int n = Math.min(buckets.length, before.buckets.length);
    for (int i = 0; i < n; i++) {
      if (buckets[i] < before.buckets[i]) {
        return true;
      }
    }
    return false;
  }
}
