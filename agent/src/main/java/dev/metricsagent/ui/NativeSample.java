package dev.metricsagent.ui;

import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import java.util.Arrays;

/**
 * One route's native (exponential) duration buckets at one instant, as the agent's histogram
 * exposes them in the protobuf format: bucket {@code i} at schema {@code s} holds the values in
 * {@code (2^((i-1)·2^-s), 2^(i·2^-s)]}, so at the default schema 5 a bucket is 2.2 % wide and a
 * quantile read from it is within 2.2 % of the truth, however fast the app is (the classic buckets'
 * first one spans 0-5 ms). Durations are never negative: only the zero and positive buckets.
 *
 * <pre>{@code
 * NativeSample window = now.minus(fiveMinutesAgo); // what the window added
 * Quantile p50 = window.quantile(0.5);
 * }</pre>
 */
final class NativeSample {
  static final NativeSample EMPTY =
      new NativeSample(ExponentialMath.MAX_SCHEMA, 0, 0, new int[0], new long[0]);

  final int schema;
  final double zeroThreshold;
  final long zeroCount;
  final int[] indexes; // ascending
  final long[] counts; // per bucket, not cumulative

  NativeSample(int schema, double zeroThreshold, long zeroCount, int[] indexes, long[] counts) {
    this.schema = schema;
    this.zeroThreshold = zeroThreshold;
    this.zeroCount = zeroCount;
    this.indexes = indexes;
    this.counts = counts;
  }

  /** The data point's native buckets, or null when it keeps classic ones only. */
  static NativeSample of(HistogramDataPointSnapshot p) {
    if (!p.hasNativeHistogramData()) {
      return null;
    }
    NativeHistogramBuckets b = p.getNativeBucketsForPositiveValues();
    int[] idx = new int[b.size()];
    long[] n = new long[b.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = b.getBucketIndex(i);
      n[i] = b.getCount(i);
    }
    return new NativeSample(
        p.getNativeSchema(), p.getNativeZeroThreshold(), p.getNativeZeroCount(), idx, n);
  }

  long count() {
    long n = zeroCount;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  boolean sameAs(NativeSample o) {
    return o != null
        && schema == o.schema
        && zeroThreshold == o.zeroThreshold
        && zeroCount == o.zeroCount
        && Arrays.equals(indexes, o.indexes)
        && Arrays.equals(counts, o.counts);
  }

  /**
   * What was added since {@code before} (null: nothing before), at the coarser of the two schemas.
   * When a count went down or the zero bucket changed width, the histogram restarted: all of this
   * one is new (as Prometheus's {@code increase} assumes).
   */
  NativeSample minus(NativeSample before) {
    if (before == null || before.count() == 0) {
      return this;
    }
    if (before.zeroThreshold != zeroThreshold || before.zeroCount > zeroCount) {
      return this;
    }
    int s = Math.min(schema, before.schema);
    NativeSample a = scaledTo(s);
    NativeSample b = before.scaledTo(s);
    long[] diff = a.counts.clone();
    int j = 0;
    for (int i = 0; i < b.indexes.length; i++) {
      while (j < a.indexes.length && a.indexes[j] < b.indexes[i]) {
        j++;
      }
      if (j == a.indexes.length || a.indexes[j] != b.indexes[i] || diff[j] < b.counts[i]) {
        return this; // a bucket that shrank or vanished: a restart
      }
      diff[j] -= b.counts[i];
    }
    return new NativeSample(s, zeroThreshold, zeroCount - before.zeroCount, a.indexes, diff)
        .withoutEmpty();
  }

  /** The sum of two histograms (all routes' chart), at the coarser schema. */
  NativeSample plus(NativeSample o) {
    if (o == null || o.count() == 0) {
      return this;
    }
    if (count() == 0) {
      return o;
    }
    int s = Math.min(schema, o.schema);
    NativeSample a = scaledTo(s);
    NativeSample b = o.scaledTo(s);
    int[] idx = new int[a.indexes.length + b.indexes.length];
    long[] n = new long[idx.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.indexes.length || j < b.indexes.length) {
      if (j == b.indexes.length || (i < a.indexes.length && a.indexes[i] < b.indexes[j])) {
        idx[k] = a.indexes[i];
        n[k++] = a.counts[i++];
      } else if (i == a.indexes.length || b.indexes[j] < a.indexes[i]) {
        idx[k] = b.indexes[j];
        n[k++] = b.counts[j++];
      } else {
        idx[k] = a.indexes[i];
        n[k++] = a.counts[i++] + b.counts[j++];
      }
    }
    return new NativeSample(
        s, Math.max(zeroThreshold, o.zeroThreshold), zeroCount + o.zeroCount,
        Arrays.copyOf(idx, k), Arrays.copyOf(n, k));
  }

  /** The same observations at a coarser schema: {@code 2^d} neighbouring buckets become one. */
  NativeSample scaledTo(int s) {
    if (s >= schema) {
      return this;
    }
    int d = schema - s;
    int[] idx = new int[indexes.length];
    long[] n = new long[indexes.length];
    int k = -1;
    for (int i = 0; i < indexes.length; i++) {
      int to = ((indexes[i] - 1) >> d) + 1; // bucket (b^(i-1), b^i] lies in (b'^(to-1), b'^to]
      if (k >= 0 && idx[k] == to) {
        n[k] += counts[i];
      } else {
        idx[++k] = to;
        n[k] = counts[i];
      }
    }
    return new NativeSample(s, zeroThreshold, zeroCount, Arrays.copyOf(idx, k + 1),
        Arrays.copyOf(n, k + 1));
  }

  private NativeSample withoutEmpty() {
    int k = 0;
    for (long c : counts) {
      if (c != 0) {
        k++;
      }
    }
    if (k == counts.length) {
      return this;
    }
    int[] idx = new int[k];
    long[] n = new long[k];
    k = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        idx[k] = indexes[i];
        n[k++] = counts[i];
      }
    }
    return new NativeSample(schema, zeroThreshold, zeroCount, idx, n);
  }

  /**
   * The {@code q}-quantile: the bucket where the rank {@code q·n} falls, and inside it the point
   * as far along on a logarithmic scale as the rank is among the bucket's observations
   * (Prometheus's interpolation for exponential buckets); in the zero bucket, linearly.
   */
  Quantile quantile(double q) {
    long total = count();
    if (total == 0) {
      return Quantile.NONE;
    }
    double rank = q * total;
    if (rank <= zeroCount) {
      double hi = zeroThreshold;
      return Quantile.nativeBucket(zeroCount == 0 ? 0 : hi * rank / zeroCount, 0, hi);
    }
    long below = zeroCount;
    int b = 0;
    while (b < counts.length - 1 && below + counts[b] < rank) {
      below += counts[b];
      b++;
    }
    double lower = ExponentialMath.upperBound(schema, indexes[b] - 1);
    double upper = ExponentialMath.upperBound(schema, indexes[b]);
    double f = Math.min(1, (rank - below) / counts[b]);
    return Quantile.nativeBucket(lower * Math.pow(upper / lower, f), lower, upper);
  }

  /** Bytes this sample holds (the live page's memory figures). */
  long bytes() {
    return 48 + 12L * indexes.length;
  }

  /** Bucket bounds of the exponential schema. */
  static final class ExponentialMath {
    static final int MAX_SCHEMA = 8;

    private ExponentialMath() {}

    /** {@code 2^(index·2^-schema)}: the upper bound of bucket {@code index}. */
    static double upperBound(int schema, int index) {
      return Math.pow(2, Math.scalb((double) index, -schema));
    }
  }
}
