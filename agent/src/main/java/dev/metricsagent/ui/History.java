package dev.metricsagent.ui;

import java.util.Arrays;

/**
 * The charts' 15 minutes: per route, and for all routes together, the request rate and the p95
 * latency over the minute before each step, kept as two floats per step (8 bytes per route and
 * step, {@value #STEPS} steps), so the full snapshots need only be kept for the 5-minute window.
 */
final class History {
  static final int STEPS = 180;

  private final long[] at = new long[STEPS];
  private float[][] rates = new float[0][];
  private float[][] p95s = new float[0][];
  private final float[] allRates = nans();
  private final float[] allP95s = nans();
  private int next; // the slot the next step goes to
  private int size;

  /** One chart: oldest step first; {@code NaN} where the route did not exist yet or had no data. */
  static final class Series {
    final long[] at;
    final float[] rate;
    final float[] p95;

    Series(long[] at, float[] rate, float[] p95) {
      this.at = at;
      this.rate = rate;
      this.p95 = p95;
    }
  }

  /**
   * Adds a step: the figures by route id ({@code rate.length} routes known now) and for all routes.
   */
  synchronized void add(long atMillis, float[] rate, float[] p95, float allRate, float allP95) {
    if (rate.length > rates.length) {
      int old = rates.length;
      rates = Arrays.copyOf(rates, rate.length);
      p95s = Arrays.copyOf(p95s, rate.length);
      for (int i = old; i < rate.length; i++) {
        rates[i] = nans();
        p95s[i] = nans();
      }
    }
    at[next] = atMillis;
    for (int id = 0; id < rates.length; id++) {
      rates[id][next] = id < rate.length ? rate[id] : Float.NaN;
      p95s[id][next] = id < p95.length ? p95[id] : Float.NaN;
    }
    allRates[next] = allRate;
    allP95s[next] = allP95;
    next = (next + 1) % STEPS;
    size = Math.min(STEPS, size + 1);
  }

  /** The chart of route {@code id}, or of all routes for {@code -1}. */
  synchronized Series series(int id) {
    float[] r = id < 0 ? allRates : id < rates.length ? rates[id] : null;
    float[] p = id < 0 ? allP95s : id < p95s.length ? p95s[id] : null;
    long[] times = new long[size];
    float[] rate = new float[size];
    float[] p95 = new float[size];
    int first = (next - size + STEPS) % STEPS;
    for (int i = 0; i < size; i++) {
      int slot = (first + i) % STEPS;
      times[i] = at[slot];
      rate[i] = r == null ? Float.NaN : r[slot];
      p95[i] = p == null ? Float.NaN : p[slot];
    }
    return new Series(times, rate, p95);
  }

  synchronized int size() {
    return size;
  }

  private static float[] nans() {
    float[] a = new float[STEPS];
    Arrays.fill(a, Float.NaN);
    return a;
  }
}
