package dev.metricsagent.ui;

/**
 * A latency quantile estimated from histogram buckets, as Prometheus's {@code
 * histogram_quantile} does: from classic buckets here (linear interpolation inside the bucket
 * where the rank falls), from native ones in {@link NativeSample#quantile}. {@link
 * #lower} and {@link #upper} are that bucket's bounds, the only thing the data really says.
 *
 * <pre>{@code
 * Quantile p95 = Quantile.of(0.95, new double[] {0.1, 0.5, Double.POSITIVE_INFINITY},
 *     new long[] {90, 10, 0}); // 0.3 s, in (0.1, 0.5]
 * }</pre>
 */
final class Quantile {
  static final Quantile NONE = new Quantile(Double.NaN, Double.NaN, Double.NaN, false);

  /** The estimate in seconds; NaN without observations. */
  final double value;

  final double lower;
  final double upper;

  /** Whether the bucket is a native (exponential) one ({@link NativeSample}), else classic. */
  final boolean fromNative;

  private Quantile(double value, double lower, double upper, boolean fromNative) {
    this.value = value;
    this.lower = lower;
    this.upper = upper;
    this.fromNative = fromNative;
  }

  private Quantile(double value, double lower, double upper) {
    this(value, lower, upper, false);
  }

  static Quantile nativeBucket(double value, double lower, double upper) {
    return new Quantile(value, lower, upper, true);
  }

  boolean known() {
    return !Double.isNaN(value);
  }

  /**
   * @param upperBounds ascending, the last {@code +Inf}
   * @param counts observations per bucket (not cumulative), same length
   */
  static Quantile of(double q, double[] upperBounds, long[] counts) {
    int n = Math.min(upperBounds.length, counts.length);
    long total = 0;
    for (int i = 0; i < n; i++) {
      total += counts[i];
    }
    if (total == 0 || n == 0) {
      return NONE;
    }
    double rank = q * total;
    long below = 0; // observations in the buckets before b
    int b = 0;
    // like histogram_quantile: the first bucket whose cumulative count reaches the rank; the
    // +Inf bucket only when no finite one does
    while (b < n - 1 && below + counts[b] < rank) {
      below += counts[b];
      b++;
    }
    double upper = upperBounds[b];
    double lower = b == 0 ? Math.min(0, upper) : upperBounds[b - 1];
    if (Double.isInfinite(upper)) {
      // beyond the highest finite bound: histogram_quantile answers that bound
      return new Quantile(lower, lower, upper);
    }
    if (b == 0 && upper <= 0) {
      return new Quantile(upper, lower, upper);
    }
    long inBucket = counts[b];
    double value =
        inBucket == 0 ? lower : lower + (upper - lower) * ((rank - below) / (double) inBucket);
    return new Quantile(value, lower, upper);
  }
}
