package dev.metricsagent.core;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A gauge of the largest duration per series over a sliding window, as Micrometer's {@code
 * TimeWindowMax} keeps it for a timer's {@code _max}: three buffers, each covering the whole
 * window (two minutes) and reset in turn every 40 s, so the maximum a scrape reads covers between
 * 80 s and two minutes.
 */
final class MaxGauge implements Collector {
  static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(2);
  static final int BUFFERS = 3;

  private final String name;
  private final String help;
  private final String[] labelNames;
  private final ConcurrentHashMap<List<String>, Window> windows = new ConcurrentHashMap<>();

  MaxGauge(String name, String help, String... labelNames) {
    this.name = name;
    this.help = help;
    this.labelNames = labelNames.clone();
  }

  /** The window of these label values, created at zero on first use; keep it. */
  Window labelValues(String... values) {
    List<String> key = Arrays.asList(values.clone());
    return windows.computeIfAbsent(key, k -> new Window(System.nanoTime()));
  }

  @Override
  public MetricSnapshot collect() {
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
    long now = System.nanoTime();
    windows.forEach(
        (values, w) ->
            b.dataPoint(
                GaugeDataPointSnapshot.builder()
                    .labels(StripedHistogram.labelsOf(labelNames, values))
                    .value(w.max(now) / 1e9)
                    .build()));
    return b.build();
  }

  @Override
  public String getPrometheusName() {
    return name;
  }

  /** One series' maximum: lock-free to record, allocation-free. */
  static final class Window {
    private final AtomicLongArray ring = new AtomicLongArray(BUFFERS);
    private volatile long rotated;
    private volatile int current;

    Window(long nowNanos) {
      this.rotated = nowNanos;
    }

    void record(long nanos, long nowNanos) {
      rotate(nowNanos);
      for (int i = 0; i < BUFFERS; i++) {
        long m = ring.get(i);
        while (nanos > m && !ring.compareAndSet(i, m, nanos)) {
          m = ring.get(i);
        }
      }
    }

    /** The largest value of the last window, in nanoseconds. */
    long max(long nowNanos) {
      rotate(nowNanos);
      return ring.get(current);
    }

    private void rotate(long nowNanos) {
      if (nowNanos - rotated < WINDOW_NANOS / BUFFERS) {
        return;
      }
      synchronized (this) {
        long step = WINDOW_NANOS / BUFFERS;
        int c = current;
        for (int i = 0; i < BUFFERS && nowNanos - rotated >= step; i++) {
          ring.set(c, 0);
          c = (c + 1) % BUFFERS;
          rotated += step;
        }
        if (nowNanos - rotated >= step) { // idle for a whole window: all are old
          rotated = nowNanos;
        }
        current = c;
      }
    }
  }
}
