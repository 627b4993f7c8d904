package dev.metricsagent.core;

/**
 * How the agent's histograms keep their native (exponential) buckets, next to the classic ones:
 * the client's {@code Histogram} settings of the same names ({@code
 * io.prometheus.metrics.histogram_native_*}) and defaults, except that the bucket count is always
 * capped (the client's {@code 0} means "no limit") and there is no periodic reset.
 *
 * <pre>{@code
 * NativeHistogramOptions n = NativeHistogramOptions.DEFAULTS.withMaxBuckets(80);
 * }</pre>
 */
public final class NativeHistogramOptions {
  public static final int DEFAULT_INITIAL_SCHEMA = 5;
  public static final double DEFAULT_ZERO_THRESHOLD = Math.pow(2.0, -128);
  public static final int DEFAULT_MAX_BUCKETS = 160;

  /** The largest {@code native_max_buckets}: keeps the worst case per series a few KB a stripe. */
  public static final int MAX_MAX_BUCKETS = 10_000;

  /** The client's defaults: schema 5, zero threshold 2^-128, at most 160 buckets. */
  public static final NativeHistogramOptions DEFAULTS =
      new NativeHistogramOptions(
          true, DEFAULT_INITIAL_SCHEMA, DEFAULT_ZERO_THRESHOLD, DEFAULT_ZERO_THRESHOLD,
          DEFAULT_MAX_BUCKETS);

  /** Classic buckets only. */
  public static final NativeHistogramOptions OFF = DEFAULTS.withEnabled(false);

  private final boolean enabled;
  private final int initialSchema;
  private final double minZeroThreshold;
  private final double maxZeroThreshold;
  private final int maxBuckets;

  private NativeHistogramOptions(
      boolean enabled, int initialSchema, double minZero, double maxZero, int maxBuckets) {
    if (initialSchema < ExponentialBuckets.MIN_SCHEMA
        || initialSchema > ExponentialBuckets.MAX_SCHEMA) {
      throw new IllegalArgumentException("initial schema " + initialSchema + " is not in -4..8");
    }
    if (!(minZero >= 0) || !(maxZero >= 0) || Double.isInfinite(minZero)
        || Double.isInfinite(maxZero)) {
      throw new IllegalArgumentException("zero thresholds must be finite and >= 0");
    }
    if (maxBuckets < 1 || maxBuckets > MAX_MAX_BUCKETS) {
      throw new IllegalArgumentException(
          "max buckets " + maxBuckets + " is not in 1.." + MAX_MAX_BUCKETS);
    }
    this.enabled = enabled;
    this.initialSchema = initialSchema;
    // as the client's Histogram: a minimum above the default maximum raises the maximum
    this.maxZeroThreshold =
        maxZero == DEFAULT_ZERO_THRESHOLD && minZero > maxZero ? minZero : maxZero;
    this.minZeroThreshold = Math.min(minZero, this.maxZeroThreshold);
    this.maxBuckets = maxBuckets;
  }

  public NativeHistogramOptions withEnabled(boolean on) {
    return new NativeHistogramOptions(
        on, initialSchema, minZeroThreshold, maxZeroThreshold, maxBuckets);
  }

  /** @throws IllegalArgumentException outside -4..8 */
  public NativeHistogramOptions withInitialSchema(int schema) {
    return new NativeHistogramOptions(
        enabled, schema, minZeroThreshold, maxZeroThreshold, maxBuckets);
  }

  /** @throws IllegalArgumentException when negative or not finite */
  public NativeHistogramOptions withZeroThresholds(double min, double max) {
    return new NativeHistogramOptions(enabled, initialSchema, min, max, maxBuckets);
  }

  /** @throws IllegalArgumentException outside 1..{@link #MAX_MAX_BUCKETS} */
  public NativeHistogramOptions withMaxBuckets(int max) {
    return new NativeHistogramOptions(
        enabled, initialSchema, minZeroThreshold, maxZeroThreshold, max);
  }

  public boolean enabled() {
    return enabled;
  }

  public int initialSchema() {
    return initialSchema;
  }

  public double minZeroThreshold() {
    return minZeroThreshold;
  }

  public double maxZeroThreshold() {
    return maxZeroThreshold;
  }

  public int maxBuckets() {
    return maxBuckets;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NativeHistogramOptions)) {
      return false;
    }
    NativeHistogramOptions n = (NativeHistogramOptions) o;
    return enabled == n.enabled && initialSchema == n.initialSchema
        && minZeroThreshold == n.minZeroThreshold && maxZeroThreshold == n.maxZeroThreshold
        && maxBuckets == n.maxBuckets;
  }

  @Override
  public int hashCode() {
    return (enabled ? 1 : 0) + 31 * initialSchema + 961 * maxBuckets
        + Double.valueOf(minZeroThreshold).hashCode()
        + 7 * Double.valueOf(maxZeroThreshold).hashCode();
  }
}
