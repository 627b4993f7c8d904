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
 * previous sample), plus 1.4 KB of chart: with the default 12 buckets ~12 KB for a route busy all
 * the time, ~2 KB for an idle one. Routes are bounded by {@code max_endpoints} (times the methods
 * in use).
 */
public final class Sampler {
  static final long STEP_MILLIS = 5_000;

  /** Snapshots kept: 5 minutes of steps and two more, so a 5-minute window always has a start. */
  static final int KEPT = (int) (View.FIVE_MINUTES / STEP_MILLIS) + 2;

  private final RegistryReader reader;
  private final ArrayDeque<Snapshot> ring = new ArrayDeque<Snapshot>();
  private final History history = new History();
  private final int processors = Runtime.getRuntime().availableProcessors();
  private final Thread thread;
  private volatile boolean stopped;
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
            new RouteSample[0], new boolean[0], ProcessSample.NONE));
    this.thread = new Thread(this::run, "metrics-agent-ui-sampler");
    thread.setDaemon(true); // never keeps the host alive
  }

  /**
   * Takes the first snapshot now and one every {@value #STEP_MILLIS} ms on a daemon thread.
   *
   * @param createdNanos {@link System#nanoTime()} when the HTTP metrics were created (at zero)
   */
  public static Sampler start(PrometheusRegistry registry, long createdNanos) {
    long wall = System.currentTimeMillis();
    long nanos = System.nanoTime();
    RegistryReader reader =
        new RegistryReader(registry, RegistryReader.monotonicClock(wall, nanos));
    Sampler s = new Sampler(reader, wall - (nanos - createdNanos) / 1_000_000L);
    s.thread.start();
    return s;
  }

  public void stop() {
    stopped = true;
    thread.interrupt();
  }

  private void run() {
    long next = System.nanoTime();
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
    Snapshot s = reader.read();
    List<Snapshot> snapshots;
    synchronized (ring) {
      ring.addLast(s);
      while (ring.size() > KEPT) {
        ring.removeFirst();
      }
      snapshots = new ArrayList<Snapshot>(ring);
    }
    addChartStep(snapshots, history);
  }

  /** The chart step for the last snapshot: rate and p95 over the minute before it. */
  static void addChartStep(List<Snapshot> snapshots, History history) {
    Snapshot last = snapshots.get(snapshots.size() - 1);
    int from = Increase.start(snapshots, View.MINUTE);
    int n = last.routes.length;
    float[] rate = new float[n];
    float[] p95 = new float[n];
    Increase all = new Increase(last.upperBounds.length);
    for (int id = 0; id < n; id++) {
      Increase d = Increase.over(snapshots, from, id);
      rate[id] = (float) d.rate();
      p95[id] = (float) d.quantile(0.95, last.upperBounds).value;
      all.add(snapshots, from, id);
    }
    all.millis = last.atMillis - snapshots.get(from).atMillis;
    history.add(
        last.atMillis, rate, p95, (float) all.rate(),
        (float) all.quantile(0.95, last.upperBounds).value);
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
