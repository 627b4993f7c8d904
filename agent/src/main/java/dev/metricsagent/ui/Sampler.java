package dev.metricsagent.ui;

import dev.metricsagent.AgentLog;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The page's memory: every {@value #STEP_MILLIS} ms, one daemon thread reads the registry (the
 * data points Prometheus scrapes; nothing on the request path) into a bounded ring of snapshots
 * (the last 5 minutes, for the table's windows) and a chart step ({@link History}, 15 minutes).
 *
 * <pre>{@code
 * Sampler s = Sampler.start(registry);
 * View v = s.view(null);
 * s.stop();
 * }</pre>
 *
 * <p>Memory per route: a reference per snapshot (4 bytes), at most {@value #KEPT} samples of
 * {@code 64 + 8 × buckets} bytes while it is busy in every step (an unchanged route shares its
 * previous sample), plus 1.4 KB of chart: with the default 12 buckets ~14 KB for a route busy all
 * the time, ~2 KB for an idle one; with native buckets (the default) up to ~20 native samples of
 * {@code 48 + 12 × native buckets} bytes more (~25 KB at the ~100 buckets of a route spanning
 * 0.3-3 ms, at most ~40 KB at the 160-bucket limit). Routes are bounded by {@code max_endpoints}
 * (times the methods in use).
 */
public final class Sampler {
  public static final long STEP_MILLIS = 5_000;

  /**
   * Snapshots kept: 6 minutes of steps and two more, so a 5-minute window always has a start, and
   * so does the native buckets' window, whose start is one of the first snapshots of a minute.
   */
  static final int KEPT = (int) ((View.FIVE_MINUTES + View.MINUTE) / STEP_MILLIS) + 2;

  private final RegistryReader reader;
  private final ArrayDeque<Snapshot> ring = new ArrayDeque<Snapshot>();
  private final History history = new History();
  private final int processors = Runtime.getRuntime().availableProcessors();
  private final Thread thread;
  private volatile boolean stopped;

  /** When the first reading is taken ({@link System#nanoTime()}); set before the thread starts. */
  private long firstNanos = System.nanoTime();
  private boolean failureLogged;

  /**
   * @param origin when the metrics were created: every counter was zero then, so the ring starts
   *     with an empty snapshot of that moment and the requests before the first reading are in
   *     the windows too
   */
  Sampler(RegistryReader reader, long origin) {
    this.reader = reader;
    ring.add(
        new Snapshot(origin, new double[] {Double.POSITIVE_INFINITY}, new Route[0],
            new RouteSample[0], new boolean[0], ProcessSample.NONE, new NativeSample[0]));
    this.thread = new Thread(this::run, "metrics-agent-ui-sampler");
    thread.setDaemon(true); // never keeps the host alive
  }

  /**
   * Takes the first snapshot now and one every {@value #STEP_MILLIS} ms on a daemon thread.
   *
   * @param createdNanos {@link System#nanoTime()} when the HTTP metrics were created (at zero)
   */
  public static Sampler start(PrometheusRegistry registry, long createdNanos) {
    return start(registry, createdNanos, 0);
  }

  /**
   * {@link #start(PrometheusRegistry, long)} with the first reading {@code firstAfterMillis} from
   * now (the readings before it would have found every counter at zero anyway).
   */
  public static Sampler start(
      PrometheusRegistry registry, long createdNanos, long firstAfterMillis) {
    long wall = System.currentTimeMillis();
    long nanos = System.nanoTime();
    RegistryReader reader =
        new RegistryReader(registry, RegistryReader.monotonicClock(wall, nanos));
    Sampler s = new Sampler(reader, wall - (nanos - createdNanos) / 1_000_000L);
    s.firstNanos = nanos + firstAfterMillis * 1_000_000L;
    s.thread.start();
    return s;
  }

  public void stop() {
    stopped = true;
    thread.interrupt();
  }

  private void run() {
    long next = firstNanos;
    long first = (next - System.nanoTime()) / 1_000_000L;
    if (first > 0) {
      try {
        Thread.sleep(first);
      } catch (InterruptedException e) {
        return;
      }
    }
    while (!stopped) {
      try {
        tick();
      } catch (Throwable t) {
        if (!failureLogged) { // a broken collector must not flood the host's log
          failureLogged = true;
          AgentLog.warn("the live page could not read the metrics (it keeps trying): " + t);
        }
      }
      next += STEP_MILLIS * 1_000_000L;
      long wait = (next - System.nanoTime()) / 1_000_000L;
      if (wait < 0) { // late (a paused JVM): start a new beat rather than catching up
        next = System.nanoTime();
        wait = STEP_MILLIS;
      }
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Takes one snapshot into the ring and adds the chart step. */
  void tick() {
    Snapshot s = reader.read(RegistryReader.WANTED_IF_BUILT);
    List<Snapshot> snapshots;
    synchronized (ring) {
      ring.addLast(s);
      while (ring.size() > KEPT) {
        ring.removeFirst();
      }
      snapshots = dropOldNatives(new ArrayList<Snapshot>(ring));
      ring.clear();
      ring.addAll(snapshots);
    }
    addChartStep(snapshots, history);
  }

  /**
   * Native buckets are kept where a window may start: in the snapshots of the last
   * {@value #NATIVE_RECENT_MILLIS} ms (the charts' minute) and in the first snapshot of each
   * minute (the table's 5 minutes then start 5 to 6 minutes back); a busy route's native buckets
   * are up to ~2 KB a snapshot, so this keeps ~20 of them instead of {@value #KEPT}.
   */
  static List<Snapshot> dropOldNatives(List<Snapshot> snapshots) {
    long now = snapshots.get(snapshots.size() - 1).atMillis;
    for (int i = 1; i < snapshots.size() - 1; i++) {
      Snapshot s = snapshots.get(i);
      boolean minuteMark = s.atMillis / View.MINUTE != snapshots.get(i - 1).atMillis / View.MINUTE;
      if (s.natives != null && !minuteMark && now - s.atMillis > NATIVE_RECENT_MILLIS) {
        snapshots.set(i, s.withoutNatives());
      }
    }
    return snapshots;
  }

  static final long NATIVE_RECENT_MILLIS = View.MINUTE + 2 * STEP_MILLIS;

  /** The chart step for the last snapshot: rate and p95 over the minute before it. */
  static void addChartStep(List<Snapshot> snapshots, History history) {
    Snapshot last = snapshots.get(snapshots.size() - 1);
    int from = Increase.start(snapshots, View.MINUTE);
    int n = last.routes.length;
    float[] rate = new float[n];
    float[] p95 = new float[n];
    int nativeFrom = NativeWindow.start(snapshots, View.MINUTE);
    Increase all = new Increase(last.upperBounds.length);
    NativeSample allNative = last.natives == null ? null : NativeSample.EMPTY;
    for (int id = 0; id < n; id++) {
      Increase d = Increase.over(snapshots, from, id);
      rate[id] = (float) d.rate();
      NativeSample w = NativeWindow.over(snapshots, nativeFrom, id);
      p95[id] = (float) (w != null ? w.quantile(0.95) : d.quantile(0.95, last.upperBounds)).value;
      all.add(snapshots, from, id);
      if (allNative != null && w != null) {
        allNative = allNative.plus(w);
      }
    }
    all.millis = last.atMillis - snapshots.get(from).atMillis;
    Quantile allP95 =
        allNative != null ? allNative.quantile(0.95) : all.quantile(0.95, last.upperBounds);
    history.add(last.atMillis, rate, p95, (float) all.rate(), (float) allP95.value);
  }

  /** The page's figures now: the ring plus a fresh reading, so totals are exact to the moment. */
  View view(String selected) {
    Snapshot live = reader.read();
    List<Snapshot> snapshots;
    synchronized (ring) {
      snapshots = new ArrayList<Snapshot>(ring.size() + 1);
      snapshots.addAll(ring);
    }
    snapshots.add(live);
    return View.of(snapshots, history, selected, processors);
  }

  /** Snapshots in the ring (tests). */
  int kept() {
    synchronized (ring) {
      return ring.size();
    }
  }
}
