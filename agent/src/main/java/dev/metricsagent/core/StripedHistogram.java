package dev.metricsagent.core;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A histogram (classic buckets and, optionally, native buckets next to them, as the client's
 * {@code Histogram} keeps them) whose hot series do not serialise their writers. The client's
 * {@code Histogram} counts every observation on one {@code AtomicLong} per series (the switch that
 * keeps a scrape consistent), so threads recording the same route take turns on that cache line:
 * two threads on one route did no more than one (see {@code SharingBenchmark}). Here a series
 * starts as one stripe of counters, like a {@code LongAdder}, and gains stripes when a write meets
 * another; each thread writes the stripe its identity picks. Only the data points are ours:
 * snapshots, names and formats are the client's.
 *
 * <pre>{@code
 * StripedHistogram h = new StripedHistogram("http_request_duration_seconds", "Duration.",
 *     Unit.SECONDS, AgentConfig.DEFAULT_BUCKETS, 1e9, NativeHistogramOptions.DEFAULTS,
 *     "method", "endpoint");
 * h.labelValues("GET", "/products").observe(1_500_000L); // 1.5 ms
 * }</pre>
 *
 * <p>Values are recorded as longs in a raw unit (nanoseconds, bytes) and exposed divided by
 * {@code divisor}: bucket bounds are turned into raw thresholds once, so placing a value in its
 * classic bucket is long comparisons, and the sum is exact. Native buckets follow the client's
 * rules exactly (same schema, zero threshold, bucket limit and scale-down; {@link
 * ExponentialBuckets}). One counter increment records both: a {@link Cells cell} counts a (native
 * bucket, classic bucket) pair, and a scrape derives both representations from the same counts,
 * so every scrape is a consistent histogram (count = sum of the classic buckets = zero bucket plus
 * native buckets), while the sum may miss an observation still being written.
 *
 * <p>Memory per series is bounded: at most {@code native_max_buckets + 19 +} (classic bounds)
 * cells, 8 bytes each per stripe, and a lookup table of two longs per cell (see
 * docs/performance.md).
 *
 * <p>Exemplars (optional): the newest per classic bucket, kept at least {@link
 * #EXEMPLAR_MIN_RETENTION_MS} before a newer one replaces it and dropped after {@link
 * #EXEMPLAR_MAX_RETENTION_MS}, the client's defaults; the exemplar's labels are only built when it
 * will be kept. The protobuf exposition carries them in the classic buckets, where Prometheus
 * takes a native histogram's exemplars from, as with the client's {@code Histogram}.
 */
final class StripedHistogram implements Collector {
  static final long EXEMPLAR_MIN_RETENTION_MS = 7_000;
  static final long EXEMPLAR_MAX_RETENTION_MS = 70_000;

  /** Cells a series starts with; it moves to twice as many as it needs more, up to its maximum. */
  private static final int INITIAL_CELLS = 16;

  /**
   * Stripes a series may grow to: a few per core, so concurrent threads rarely share one, but at
   * most 64 (~16 KB for a hot series on a big machine).
   */
  private static final int MAX_STRIPES =
      Math.min(
          64,
          Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 4 - 1)
              << 1);

  private final MetricMetadata metadata;
  private final String[] labelNames;
  private final double[] upperBounds; // ascending, the last is +Inf
  private final long[] rawThresholds; // a raw value v goes in the first bucket with v <= threshold
  private final double divisor;
  private final NativeHistogramOptions nativeOptions;

  /** Cells a series can need at most: {@link #worstCaseCells}. */
  private final int maxCells;

  private final ConcurrentHashMap<List<String>, DataPoint> dataPoints = new ConcurrentHashMap<>();

  /**
   * The series in the order of their labels, as the client's snapshot sorts its data points:
   * handed to it in that order, its sort only checks it (n - 1 comparisons instead of n log n).
   * Series are never removed, so a scrape sorts again only when one was added since.
   */
  private volatile DataPoint[] ordered = new DataPoint[0];

  /**
   * @param upperBounds bucket upper bounds in exposed units, ascending; +Inf is added if missing
   * @param divisor a raw value divided by this is the exposed value (1e9 for nanoseconds to
   *     seconds)
   */
  StripedHistogram(
      String name, String help, Unit unit, double[] upperBounds, double divisor,
      String... labelNames) {
    this(name, help, unit, upperBounds, divisor, NativeHistogramOptions.OFF, labelNames);
  }

  /**
   * @param nativeOptions whether and how native buckets are kept too
   */
  StripedHistogram(
      String name, String help, Unit unit, double[] upperBounds, double divisor,
      NativeHistogramOptions nativeOptions, String... labelNames) {
    this.nativeOptions = nativeOptions;
    this.metadata = new MetricMetadata(name, help, unit);
    this.labelNames = labelNames.clone();
    double[] b = upperBounds.clone();
    Arrays.sort(b);
    if (b.length == 0 || b[b.length - 1] != Double.POSITIVE_INFINITY) {
      b = Arrays.copyOf(b, b.length + 1);
      b[b.length - 1] = Double.POSITIVE_INFINITY;
    }
    if (b.length > 0xFFFF) {
      throw new IllegalArgumentException("at most 65535 buckets");
    }
    this.upperBounds = b;
    this.maxCells = worstCaseCells(nativeOptions.maxBuckets(), b.length);
    this.divisor = divisor;
    this.rawThresholds = new long[b.length];
    for (int i = 0; i < b.length; i++) {
      rawThresholds[i] = rawThreshold(b[i], divisor);
    }
  }

  /**
   * The largest raw value {@code v} with {@code v / divisor <= bound}, so that raw comparisons
   * place a value exactly where comparing {@code v / divisor} with the bound would.
   */
  static long rawThreshold(double bound, double divisor) {
    if (bound < 0) {
      return -1; // raw values are never negative
    }
    double scaled = Math.floor(bound * divisor);
    if (scaled >= 0x1p63) {
      return Long.MAX_VALUE;
    }
    long t = (long) scaled;
    while (t < Long.MAX_VALUE && (t + 1) / divisor <= bound) {
      t++;
    }
    while (t >= 0 && t / divisor > bound) {
      t--;
    }
    return t;
  }

  /**
   * The most cells a series with native buckets can need: native buckets past the limit only by
   * the halvings still to come (each new bucket over it halves once, at most 12 times from schema
   * 8 to -4, and schema -4 has at most 6 buckets for all of a long's range), the zero bucket, and
   * one more per classic bound that splits a native (or the zero) bucket in two.
   */
  static int worstCaseCells(int maxBuckets, int classicBuckets) {
    return maxBuckets + (ExponentialBuckets.MAX_SCHEMA - ExponentialBuckets.MIN_SCHEMA) + 6 + 1
        + (classicBuckets - 1);
  }

  /** The most bytes a series' counters and lookup table take with {@code stripes} stripes. */
  static long worstCaseBytes(int maxBuckets, int classicBuckets, int stripes) {
    int cells = worstCaseCells(maxBuckets, classicBuckets);
    long perStripe = 16 + 8L * (2 * Cells.PAD + cells + 1);
    long table = 16 + 8L * (Integer.highestOneBit(cells * 2 - 1) << 1);
    return stripes * perStripe + table + 2 * (16 + 4L * cells);
  }

  /** The series of these label values, created at zero on first use; keep it. */
  DataPoint labelValues(String... values) {
    if (values.length != labelNames.length) {
      throw new IllegalArgumentException(
          metadata.getName() + " takes " + labelNames.length + " label values");
    }
    List<String> key = Arrays.asList(values.clone());
    DataPoint p = dataPoints.get(key);
    return p != null ? p : dataPoints.computeIfAbsent(key, k -> new DataPoint(k));
  }

  /**
   * The labels of a series; an empty value is no label at all, as Prometheus stores it (a naming
   * profile leaves a label out that way, e.g. OpenTelemetry's {@code http_route} of an unmatched
   * request).
   */
  static Labels labelsOf(String[] names, List<String> values) {
    int empty = 0;
    for (String v : values) {
      empty += v.isEmpty() ? 1 : 0;
    }
    if (empty == 0) {
      return Labels.of(names, values.toArray(new String[0]));
    }
    String[] n = new String[names.length - empty];
    String[] v = new String[n.length];
    for (int i = 0, j = 0; i < names.length; i++) {
      if (!values.get(i).isEmpty()) {
        n[j] = names[i];
        v[j++] = values.get(i);
      }
    }
    return Labels.of(n, v);
  }

  @Override
  public HistogramSnapshot collect() {
    DataPoint[] points = ordered;
    if (points.length != dataPoints.size()) {
      points = dataPoints.values().toArray(new DataPoint[0]);
      Arrays.sort(points, BY_LABELS);
      ordered = points;
    }
    List<HistogramDataPointSnapshot> out = new ArrayList<>(points.length);
    long now = System.currentTimeMillis();
    for (DataPoint p : points) {
      out.add(p.snapshot(now));
    }
    return new HistogramSnapshot(metadata, out);
  }

  private static final Comparator<DataPoint> BY_LABELS = (a, b) -> a.labels.compareTo(b.labels);

  @Override
  public String getPrometheusName() {
    return metadata.getPrometheusName();
  }

  @Override
  public MetricType getMetricType() {
    return MetricType.HISTOGRAM;
  }

  @Override
  public Set<String> getLabelNames() {
    return new LinkedHashSet<>(Arrays.asList(labelNames));
  }

  @Override
  public MetricMetadata getMetadata() {
    return metadata;
  }

  /**
   * One series. Its methods never block once warm and allocate only to keep an exemplar; the first
   * value of a new bucket takes the series' lock (as do scrapes and a change of schema).
   */
  final class DataPoint implements Cells.DataPointLock {
    private final Labels labels;
    private final long created = System.currentTimeMillis();

    /** Replaced (under the lock) when the schema, zero threshold or room changes. */
    private volatile Cells cells =
        nativeOptions.enabled()
            ? Cells.exponential(
                nativeOptions.initialSchema(), nativeOptions.minZeroThreshold(),
                Math.min(INITIAL_CELLS, maxCells), 1)
            : Cells.classic(rawThresholds.length);

    private volatile AtomicReferenceArray<Exemplar> exemplars; // made by the first traced request

    private DataPoint(List<String> values) {
      this.labels = labelsOf(labelNames, values);
    }

    /** Records a raw value (nanoseconds, bytes: never negative). */
    void observe(long raw) {
      record(raw);
    }

    /**
     * Records a raw value with the request's {@code traceparent} (may be null or invalid): it
     * becomes the bucket's exemplar when the bucket has none younger than the minimum retention.
     */
    void observe(long raw, String traceparent) {
      int b = record(raw);
      if (traceparent != null) {
        offerExemplar(b, raw, traceparent);
      }
    }

    /** Counts the value in its cell; returns its classic bucket. */
    private int record(long raw) {
      int b = bucket(raw);
      int stripe = stripe();
      Cells c = cells;
      int cell = c.cellOf(raw, divisor, b);
      if (cell < 0 || !c.add(cell, raw, stripe, this)) {
        recordLocked(raw, b, stripe);
      }
      return b;
    }

    private int nativeKey(Cells c, long raw) {
      if (!nativeOptions.enabled()) {
        return Cells.NO_NATIVE;
      }
      return c.nativeKey(raw / divisor); // the double the client's Histogram would be given
    }

    private int bucket(long raw) {
      long[] t = rawThresholds;
      int i = 0;
      while (raw > t[i]) { // the last threshold is Long.MAX_VALUE: the loop ends
        i++;
      }
      return i;
    }

    private int stripe() {
      int h = System.identityHashCode(Thread.currentThread());
      return h ^ (h >>> 16);
    }

    /**
     * A new cell, or cells that moved on: under the lock nothing moves, so the add succeeds. A
     * new native bucket over the limit then scales the series down as the client's does.
     */
    private synchronized void recordLocked(long raw, int b, int stripe) {
      Cells c = cells;
      int key = nativeKey(c, raw);
      int cell = c.cell(key, b);
      boolean newBucket = false;
      if (cell < 0) {
        if (c.used() == c.capacity) {
          // room for the worst case is proven (maxCells); past it only by a bug, still counted
          int room = Math.max(Math.min(c.capacity * 2, maxCells), c.capacity + 1);
          c = moveTo(c.schema, c.zeroThreshold, Cells.ZERO, room);
        }
        int before = c.nativeBuckets();
        cell = c.addCell(key, b);
        newBucket = c.nativeBuckets() > before;
      }
      c.add(cell, raw, stripe, this);
      if (newBucket) {
        maybeScaleDown(c);
      }
    }

    /**
     * The client's rule when a new bucket makes too many: widen the zero bucket over the
     * smallest bucket if the maximum zero threshold allows, else halve the resolution (one step).
     */
    private void maybeScaleDown(Cells c) {
      if (c.schema == ExponentialBuckets.MIN_SCHEMA
          || c.nativeBuckets() <= nativeOptions.maxBuckets()) {
        return;
      }
      if (c.zeroThreshold < nativeOptions.maxZeroThreshold()) {
        int smallest = c.smallestNativeBucket();
        if (smallest != Integer.MAX_VALUE) {
          double zero = ExponentialBuckets.upperBound(c.schema, smallest);
          if (zero <= nativeOptions.maxZeroThreshold()) {
            moveTo(c.schema, zero, smallest, c.capacity);
            return;
          }
        }
      }
      moveTo(c.schema - 1, c.zeroThreshold, Cells.ZERO, c.capacity);
    }

    /**
     * Moves the series to new cells (under the lock): each old cell maps to its bucket in the new
     * schema, or to the zero bucket when it is {@code intoZero}; the new cells are published, then
     * the old sealed and their counts added to the new.
     */
    private Cells moveTo(int schema, double zeroThreshold, int intoZero, int capacity) {
      Cells old = cells;
      Cells next = Cells.exponential(schema, zeroThreshold, capacity, old.stripes.length);
      int by = old.schema - schema;
      int[] map = new int[old.used()];
      for (int c = 0; c < map.length; c++) {
        int k = old.nativeKey(c);
        int nk = k == Cells.ZERO || k == intoZero ? Cells.ZERO : ExponentialBuckets.coarser(k, by);
        int b = old.classicBucket(c);
        int m = next.cell(nk, b);
        map[c] = m >= 0 ? m : next.addCell(nk, b);
      }
      cells = next;
      long[] counts = old.seal();
      for (int c = 0; c < map.length; c++) {
        next.addCount(map[c], counts[c]);
      }
      next.addSum(counts[map.length]);
      return next;
    }

    /** Another thread wrote the same counter at the same moment: spread the writers out. */
    @Override
    public void contended(Cells c, AtomicLongArray[] seen) {
      if (seen.length >= MAX_STRIPES) {
        return;
      }
      synchronized (this) {
        if (cells != c || c.stripes != seen) {
          return; // someone grew or moved them already
        }
        AtomicLongArray[] more = Arrays.copyOf(seen, seen.length * 2);
        for (int i = seen.length; i < more.length; i++) {
          more[i] = c.newStripe();
        }
        c.stripes = more;
      }
    }

    @Override
    public synchronized void addSumElsewhere(long raw) {
      cells.addSum(raw); // the current cells: not sealed while the lock is held
    }

    private void offerExemplar(int bucket, long raw, String traceparent) {
      AtomicReferenceArray<Exemplar> ex = exemplars;
      if (ex == null) {
        synchronized (this) {
          ex = exemplars;
          if (ex == null) {
            exemplars = ex = new AtomicReferenceArray<>(rawThresholds.length);
          }
        }
      }
      Exemplar old = ex.get(bucket);
      long now = System.currentTimeMillis();
      if (old != null && now - old.getTimestampMillis() < EXEMPLAR_MIN_RETENTION_MS) {
        return;
      }
      Labels trace = Traceparent.labels(traceparent);
      if (trace != null) {
        ex.compareAndSet(bucket, old, new Exemplar(raw / divisor, trace, now));
      }
    }

    /** Number of stripes now (tests). */
    int stripeCount() {
      return cells.stripes.length;
    }

    /** The cells now (tests). */
    Cells cells() {
      return cells;
    }

    /**
     * Both representations from the same cell counts, so the classic buckets, the native buckets
     * (with the zero bucket) and the count always agree; under the lock, so never mid-move.
     */
    synchronized HistogramDataPointSnapshot snapshot(long nowMillis) {
      Cells c = cells;
      long[] counts = c.read();
      int used = c.used();
      double sum = counts[used] / divisor;
      long[] classic = new long[rawThresholds.length];
      for (int i = 0; i < used; i++) {
        classic[c.classicBucket(i)] += counts[i];
      }
      ClassicHistogramBuckets buckets = ClassicHistogramBuckets.of(upperBounds, classic);
      if (!nativeOptions.enabled()) {
        return new HistogramDataPointSnapshot(buckets, sum, labels, exemplars(nowMillis), created);
      }
      long zero = 0;
      long[] byKey = new long[used]; // native key, then cell: sorted by key
      int n = 0;
      for (int i = 0; i < used; i++) {
        int k = c.nativeKey(i);
        if (k == Cells.ZERO) {
          zero += counts[i];
        } else {
          byKey[n++] = ((long) k << 32) | i;
        }
      }
      Arrays.sort(byKey, 0, n);
      int[] indexes = new int[n];
      long[] nativeCounts = new long[n];
      int m = 0;
      for (int i = 0; i < n; i++) {
        int k = (int) (byKey[i] >> 32);
        long count = counts[(int) byKey[i]];
        if (m > 0 && indexes[m - 1] == k) {
          nativeCounts[m - 1] += count;
        } else {
          indexes[m] = k;
          nativeCounts[m++] = count;
        }
      }
      return new HistogramDataPointSnapshot(
          buckets, c.schema, zero, c.zeroThreshold,
          NativeHistogramBuckets.of(Arrays.copyOf(indexes, m), Arrays.copyOf(nativeCounts, m)),
          NativeHistogramBuckets.EMPTY, sum, labels, exemplars(nowMillis), created);
    }

    private Exemplars exemplars(long nowMillis) {
      AtomicReferenceArray<Exemplar> ex = exemplars;
      if (ex == null) {
        return Exemplars.EMPTY;
      }
      List<Exemplar> kept = new ArrayList<>();
      for (int b = 0; b < ex.length(); b++) {
        Exemplar e = ex.get(b);
        if (e != null && nowMillis - e.getTimestampMillis() < EXEMPLAR_MAX_RETENTION_MS) {
          kept.add(e);
        }
      }
      return kept.isEmpty() ? Exemplars.EMPTY : Exemplars.of(kept);
    }
  }
}
