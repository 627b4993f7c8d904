package dev.metricsagent.ui;

/**
 * How the page writes numbers, the same in the server's HTML and in {@code ui.js} (which has a
 * copy of each function under the same name): a refreshed table must read like a loaded one.
 */
final class Format {
  static final String NONE = "–";

  private Format() {}

  /** Requests per second. */
  static String rate(double v) {
    if (Double.isNaN(v)) {
      return NONE;
    }
    if (v == 0) {
      return "0";
    }
    return fixed(v, v < 10 ? 2 : 1);
  }

  /** A ratio as a percentage. */
  static String percent(double v) {
    if (Double.isNaN(v)) {
      return NONE;
    }
    if (v == 0) {
      return "0%";
    }
    double p = v * 100;
    return fixed(p, p < 10 ? 1 : 0) + "%";
  }

  /** Seconds as ms or s. */
  static String seconds(double v) {
    if (Double.isNaN(v)) {
      return NONE;
    }
    if (Double.isInfinite(v)) {
      return "+Inf";
    }
    double ms = v * 1000;
    if (ms < 10) {
      return fixed(ms, ms < 1 ? 2 : 1) + " ms";
    }
    if (ms < 1000) {
      return fixed(ms, 0) + " ms";
    }
    return fixed(v, v < 10 ? 2 : 1) + " s";
  }

  /** Bytes as MiB. */
  static String mib(double v) {
    return Double.isNaN(v) ? NONE : fixed(v / (1024 * 1024), 0) + " MiB";
  }

  /** A duration in whole units: 3 d 4 h, 2 h 5 min, 4 min 7 s, 12 s. */
  static String uptime(double seconds) {
    if (Double.isNaN(seconds) || seconds < 0) {
      return NONE;
    }
    long s = (long) seconds;
    if (s >= 86400) {
      return s / 86400 + " d " + (s % 86400) / 3600 + " h";
    }
    if (s >= 3600) {
      return s / 3600 + " h " + (s % 3600) / 60 + " min";
    }
    if (s >= 60) {
      return s / 60 + " min " + s % 60 + " s";
    }
    return s + " s";
  }

  static String count(double v) {
    return Double.isNaN(v) ? NONE : Long.toString((long) v);
  }

  /** A quantile's cell: the estimate, or "> bound" above the highest finite bucket. */
  static String quantile(Quantile q) {
    if (!q.known()) {
      return NONE;
    }
    return Double.isInfinite(q.upper) ? "> " + seconds(q.lower) : seconds(q.value);
  }

  /** What a quantile's cell says on hover: the bucket it fell in. */
  static String bucket(Quantile q) {
    if (!q.known()) {
      return "no requests in the last 5 minutes";
    }
    if (Double.isInfinite(q.upper)) {
      return "above the highest bucket bound (" + seconds(q.lower)
          + "): at least this, the histogram cannot say more";
    }
    if (q.fromNative) {
      return "estimate: the native histogram bucket is " + precise(q.lower) + " to "
          + precise(q.upper) + ", interpolated as histogram_quantile does";
    }
    return "estimate: the histogram bucket is " + seconds(q.lower) + " to " + seconds(q.upper)
        + ", interpolated linearly as histogram_quantile does";
  }

  /** Seconds to three significant digits in ms (a native bucket's bounds are 2 % apart). */
  static String precise(double seconds) {
    double ms = seconds * 1000;
    if (ms == 0) {
      return "0 ms";
    }
    int decimals = ms < 1 ? 3 : ms < 10 ? 2 : ms < 100 ? 1 : 0;
    return fixed(ms, decimals) + " ms";
  }

  private static final long[] POWERS = {1, 10, 100, 1000};

  /**
   * {@code v} with {@code decimals} (0..3) digits after the point, like JavaScript's {@code
   * toFixed} (they may differ on exact halves only). Not {@code String.format}: a page of 1,000
   * routes formats ~15,000 numbers, and the formatter's parsing made most of its garbage.
   */
  static String fixed(double v, int decimals) {
    long p = POWERS[decimals];
    long scaled = Math.round(Math.abs(v) * p);
    StringBuilder b = new StringBuilder(12);
    if (v < 0 && scaled != 0) {
      b.append('-');
    }
    b.append(scaled / p);
    if (decimals > 0) {
      b.append('.');
      String frac = Long.toString(scaled % p);
      for (int i = frac.length(); i < decimals; i++) {
        b.append('0');
      }
      b.append(frac);
    }
    return b.toString();
  }
}
