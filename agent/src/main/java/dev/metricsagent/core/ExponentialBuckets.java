package dev.metricsagent.core;

/**
 * The bucket arithmetic of Prometheus native histograms, computed the way the client's {@code
 * Histogram} computes it, so that the same value lands in the same bucket: bucket {@code i} of
 * schema {@code s} holds {@code (base^(i-1), base^i]} with {@code base = 2^(2^-s)}.
 *
 * <pre>{@code
 * int i = ExponentialBuckets.index(0.0125, 5); // -202: (2^(-203/32), 2^(-202/32)]
 * }</pre>
 *
 * <p>The client splits a value into {@code frac * 2^exp} ({@code frac} in [0.5, 1)) and, for a
 * positive schema, searches {@code frac} among the schema's bounds within one octave (the same
 * table as client_golang's). Here the search is a table lookup on the top mantissa bits followed
 * by one comparison with those same bounds: a cell of the lookup table is narrower than the gap
 * between two bounds, so it holds at most one of them.
 */
final class ExponentialBuckets {
  static final int MIN_SCHEMA = -4;
  static final int MAX_SCHEMA = 8;

  /**
   * {@code BOUNDS[s - 1]}: the 2^s bucket bounds of schema s within [0.5, 1), ascending, then 1.0
   * (above every {@code frac}: a sentinel that saves a length check).
   */
  private static final double[][] BOUNDS = new double[MAX_SCHEMA][];

  /**
   * {@code START[s - 1][k]}: the first bound index {@code j} with {@code BOUNDS[s-1][j] >= } the
   * lowest {@code frac} whose top {@code s + 1} mantissa bits are {@code k}.
   */
  private static final int[][] START = new int[MAX_SCHEMA][];

  static {
    for (int s = 1; s <= MAX_SCHEMA; s++) {
      double[] b = new double[(1 << s) + 1];
      b[0] = 0.5;
      double base = Math.pow(2, Math.pow(2, -s));
      b[1 << s] = 1.0;
      for (int i = 1; i < 1 << s; i++) {
        // every other bound is the coarser schema's, as computed there (fewer rounding steps)
        b[i] = i % 2 == 0 && s > 1 ? BOUNDS[s - 2][i / 2] : b[i - 1] * base;
      }
      BOUNDS[s - 1] = b;
      int cells = 1 << (s + 1);
      int[] start = new int[cells];
      int j = 0;
      for (int k = 0; k < cells; k++) {
        double low = 0.5 + k / (double) (cells * 2); // frac = 0.5 * 1.mantissa
        while (b[j] < low) {
          j++;
        }
        start[k] = j;
      }
      START[s - 1] = start;
    }
  }

  private ExponentialBuckets() {}

  /** The bucket of a finite {@code value > 0} in {@code schema} (-4..8). */
  static int index(double value, int schema) {
    return schema >= 1
        ? index(value, schema, BOUNDS[schema - 1], START[schema - 1])
        : index(value, schema, null, null);
  }

  /** Schema 1..8's bounds (with the sentinel), for callers that keep them; null below 1. */
  static double[] bounds(int schema) {
    return schema >= 1 ? BOUNDS[schema - 1] : null;
  }

  static int[] starts(int schema) {
    return schema >= 1 ? START[schema - 1] : null;
  }

  /** {@link #index(double, int)} with the schema's tables at hand (the record path). */
  static int index(double value, int schema, double[] bounds, int[] start) {
    long bits = Double.doubleToRawLongBits(value);
    int biased = (int) (bits >>> 52); // value > 0: no sign bit
    if (biased == 0) {
      return indexSlow(value, schema); // subnormal: not from a long of nanoseconds or bytes
    }
    int exp = biased - 1022; // value = frac * 2^exp, frac in [0.5, 1)
    long mantissa = bits & 0xFFFFFFFFFFFFFL;
    if (schema >= 1) {
      int j = start[(int) (mantissa >>> (51 - schema))];
      if (bounds[j] < Double.longBitsToDouble(0x3FE0000000000000L | mantissa)) {
        j++; // at most one bound per lookup cell; the sentinel 1.0 is never below frac
      }
      return j + ((exp - 1) << schema);
    }
    int i = mantissa == 0 ? exp - 1 : exp; // a power of two is the upper bound of its bucket
    return (i + (1 << -schema) - 1) >> -schema;
  }

  /** The client's own loop, for values the fast path does not take. */
  static int indexSlow(double value, int schema) {
    double frac = value;
    int exp = 0;
    while (frac < 0.5) {
      frac *= 2.0;
      exp--;
    }
    while (frac >= 1.0) {
      frac /= 2.0;
      exp++;
    }
    if (schema >= 1) {
      double[] bounds = BOUNDS[schema - 1]; // with the sentinel 1.0 last
      int j = 0;
      while (bounds[j] < frac) {
        j++;
      }
      return j + (exp - 1) * (1 << schema);
    }
    int i = frac == 0.5 ? exp - 1 : exp;
    return (i + (1 << -schema) - 1) >> -schema;
  }

  /** The bucket that {@code index} becomes when the schema is lowered by {@code by}. */
  static int coarser(int index, int by) {
    return (int) -Math.floorDiv(-(long) index, 1L << by); // ceil(index / 2^by)
  }

  /**
   * The upper bound of a bucket, as the client computes it when it widens the zero bucket (by
   * squaring, for a smaller rounding error; {@code Double.MAX_VALUE} rather than +Inf for the last
   * finite bucket).
   */
  static double upperBound(int schema, int index) {
    double result = power(schema, index);
    if (Double.isInfinite(result)) {
      double previous = power(schema, index - 1);
      if (!Double.isInfinite(previous) && previous < Double.MAX_VALUE) {
        return Double.MAX_VALUE;
      }
    }
    return result;
  }

  private static double power(int schema, int index) {
    double factor = 1.0;
    while (index > 0) {
      if (index % 2 == 0) {
        index /= 2;
        schema -= 1;
      } else {
        index -= 1;
        factor *= Math.pow(2, Math.pow(2, -schema));
      }
    }
    return factor * Math.pow(2, index * Math.pow(2, -schema));
  }
}
