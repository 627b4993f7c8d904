package dev.metricsagent.ui;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the page shows at one moment, computed from the snapshot ring and a fresh reading: the
 * rows, the process summary and the selected chart. Rendered as HTML ({@link PageHtml}) and as
 * JSON ({@link ViewJson}) from this one value, so the two cannot drift apart.
 */
final class View {
  /** Quantiles shown per route. */
  static final double[] QUANTILES = {0.5, 0.95, 0.99};

  static final long MINUTE = 60_000;
  static final long FIVE_MINUTES = 300_000;

  final long atMillis;
  final double[] upperBounds;
  final List<RouteRow> rows;
  final double uptimeSeconds;
  final double cpuShare; // of all processors, over the last minute
  final int processors;
  final double residentBytes;
  final double heapUsedBytes;
  final double heapMaxBytes;
  final double jvmThreads;
  final double osThreads;
  final double gcShare; // of wall time, over the last minute

  /** The chart's route key, or null for all routes. */
  final String selected;

  final History.Series chart;

  /** How long the history covers, ms (the windows are shorter until it reaches them). */
  final long historyMillis;

  /** Whether the quantiles come from native buckets (else from classic ones). */
  final boolean nativeQuantiles;

  /** The quantiles' window, ms: 5 minutes (native: 5 to 6), shorter while history is. */
  final long quantileWindowMillis;

  private View(Builder b) {
    this.atMillis = b.atMillis;
    this.upperBounds = b.upperBounds;
    this.rows = b.rows;
    this.uptimeSeconds = b.uptimeSeconds;
    this.cpuShare = b.cpuShare;
    this.processors = b.processors;
    this.residentBytes = b.residentBytes;
    this.heapUsedBytes = b.heapUsedBytes;
    this.heapMaxBytes = b.heapMaxBytes;
    this.jvmThreads = b.jvmThreads;
    this.osThreads = b.osThreads;
    this.gcShare = b.gcShare;
    this.selected = b.selected;
    this.chart = b.chart;
    this.historyMillis = b.historyMillis;
    this.nativeQuantiles = b.nativeQuantiles;
    this.quantileWindowMillis = b.quantileWindowMillis;
  }

  /**
   * @param snapshots oldest first, the last one taken now
   * @param selected a route key ({@code GET /x}) for the chart, or null for all routes
   */
  static View of(List<Snapshot> snapshots, History history, String selected, int processors) {
    Snapshot now = snapshots.get(snapshots.size() - 1);
    int from1 = Increase.start(snapshots, MINUTE);
    int from5 = Increase.start(snapshots, FIVE_MINUTES);
    int nativeFrom5 = NativeWindow.start(snapshots, FIVE_MINUTES);
    boolean anyNative = false;
    List<RouteRow> rows = new ArrayList<RouteRow>();
    double maxP95 = 0;
    int chartId = -1;
    for (int id = 0; id < now.routes.length; id++) {
      RouteSample s = now.sample(id);
      boolean registered = now.registered(id);
      Route route = now.routes[id];
      if (selected != null && selected.equals(route.key)) {
        chartId = id;
      }
      if (!registered && (s == null || (s.total == 0 && s.inProgress == 0))) {
        continue; // not in the inventory and no traffic: nothing to say
      }
      Increase m1 = Increase.over(snapshots, from1, id);
      Increase m5 = Increase.over(snapshots, from5, id);
      NativeSample n5 = NativeWindow.over(snapshots, nativeFrom5, id);
      anyNative |= n5 != null;
      Quantile[] q = new Quantile[QUANTILES.length];
      for (int i = 0; i < q.length; i++) {
        // native buckets when the agent keeps them (2.2 % wide at schema 5), else classic ones
        q[i] = n5 != null ? n5.quantile(QUANTILES[i]) : m5.quantile(QUANTILES[i], now.upperBounds);
      }
      RouteRow row =
          new RouteRow(
              route, registered, s == null ? 0 : s.total, m1.rate(), m5.rate(), m5.total,
              m5.clientErrorRatio(), m5.serverErrorRatio(), q[0], q[1], q[2],
              s == null ? 0 : s.inProgress);
      if (q[1].known()) {
        maxP95 = Math.max(maxP95, q[1].value);
      }
      rows.add(row);
    }
    for (RouteRow r : rows) {
      if (r.p95.known() && maxP95 > 0) {
        r.slowness = r.p95.value / maxP95;
        r.slowest = r.p95.value == maxP95;
      }
    }
    Collections.sort(rows, (a, b) -> a.route.compareTo(b.route));

    Builder b = new Builder();
    b.atMillis = now.atMillis;
    b.upperBounds = now.upperBounds;
    b.rows = rows;
    ProcessSample p = now.process;
    int base = from1;
    while (base < snapshots.size() - 1 && Double.isNaN(snapshots.get(base).process.cpuSeconds)) {
      base++; // the ring's empty origin has no process figures
    }
    ProcessSample p1 = snapshots.get(base).process;
    double seconds = (now.atMillis - snapshots.get(base).atMillis) / 1000.0;
    b.uptimeSeconds = now.atMillis / 1000.0 - p.startTimeSeconds;
    b.processors = processors;
    b.cpuShare =
        seconds > 0 ? (p.cpuSeconds - p1.cpuSeconds) / seconds / processors : Double.NaN;
    b.gcShare = seconds > 0 ? (p.gcSeconds - p1.gcSeconds) / seconds : Double.NaN;
    b.residentBytes = p.residentBytes;
    b.heapUsedBytes = p.heapUsedBytes;
    b.heapMaxBytes = p.heapMaxBytes;
    b.jvmThreads = p.jvmThreads;
    b.osThreads = p.osThreads;
    b.selected = chartId < 0 ? null : selected;
    b.chart = history.series(chartId);
    b.historyMillis = now.atMillis - snapshots.get(0).atMillis;
    b.nativeQuantiles = anyNative;
    b.quantileWindowMillis =
        now.atMillis - snapshots.get(anyNative && nativeFrom5 >= 0 ? nativeFrom5 : from5).atMillis;
    return new View(b);
  }

  private static final class Builder {
    long atMillis;
    double[] upperBounds;
    List<RouteRow> rows;
    double uptimeSeconds;
    double cpuShare;
    int processors;
    double residentBytes;
    double heapUsedBytes;
    double heapMaxBytes;
    double jvmThreads;
    double osThreads;
    double gcShare;
    String selected;
    History.Series chart;
    long historyMillis;
    boolean nativeQuantiles;
    long quantileWindowMillis;
  }
}
