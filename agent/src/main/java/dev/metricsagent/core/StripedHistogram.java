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
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A classic histogram (fixed buckets, cumulative in the exposition) whose hot series do not
 * serialise their writers. The client's {@code Histogram} counts every observation on one {@code
 * AtomicLong} per series (the switch that keeps a scrape consistent), so threads recording the
 * same route take turns on that cache line: two threads on one route did no more than one (see
 * {@code SharingBenchmark}). Here a series starts as one stripe of counters, like a {@code
 * LongAdder}, and gains stripes when a write meets another; each thread writes the stripe its
 * identity picks. Only the data points are ours: snapshots, names and formats are the client's.
 *
 * <p>Values are recorded as longs in a raw unit (nanoseconds, bytes) and exposed divided by
 * {@code divisor}: bucket bounds are turned into raw thresholds once, so placing a value is long
 * comparisons, and the sum is exact. A scrape adds up the stripes bucket by bucket; the count is
 * the sum of the buckets, so the exposition is always a consistent histogram, while the sum may
 * miss an observation still being written.
 *
 * <p>Exemplars (optional): the newest per bucket, kept at least {@link #EXEMPLAR_MIN_RETENTION_MS}
 * before a newer one replaces it and dropped after {@link #EXEMPLAR_MAX_RETENTION_MS}, the client's
 * defaults; the exemplar's labels are only built when it will be kept.
 */
final class StripedHistogram implements Collector {
  static final long EXEMPLAR_MIN_RETENTION_MS = 7_000;
  static final long EXEMPLAR_MAX_RETENTION_MS = 70_000;

  /** Longs of padding before and after a stripe's counters: no two stripes share a cache line. */
  private static final int PAD = 8;

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
  private final ConcurrentHashMap<List<String>, DataPoint> dataPoints = new ConcurrentHashMap<>();

  /**
   * @param upperBounds bucket upper bounds in exposed units, ascending; +Inf is added if missing
   * @param divisor a raw value divided by this is the exposed value (1e9 for nanoseconds to
   *     seconds)
   */
  StripedHistogram(
      String name, String help, Unit unit, double[] upperBounds, double divisor,
      String... labelNames) {
    this.metadata = new MetricMetadata(name, help, unit);
    this.labelNames = labelNames.clone();
    double[] b = upperBounds.clone();
    Arrays.sort(b);
    if (b.length == 0 || b[b.length - 1] != Double.POSITIVE_INFINITY) {
      b = Arrays.copyOf(b, b.length + 1);
      b[b.length - 1] = Double.POSITIVE_INFINITY;
    }
    this.upperBounds = b;
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

  @Override
  public HistogramSnapshot collect() {
    List<HistogramDataPointSnapshot> out = new ArrayList<>(dataPoints.size());
    long now = System.currentTimeMillis();
    for (DataPoint p : dataPoints.values()) {
      out.add(p.snapshot(now));
    }
    return new HistogramSnapshot(metadata, out);
  }

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

  /** One series. Its methods never block and, once warm, allocate only to keep an exemplar. */
  final class DataPoint {
    private final Labels labels;
    private final long created = System.currentTimeMillis();
    private final int sumIndex = PAD + rawThresholds.length;

    /** Grows by doubling; a stripe, once made, stays in every later array, so no write is lost. */
    private volatile AtomicLongArray[] stripes = {newStripe()};

    private volatile AtomicReferenceArray<Exemplar> exemplars; // made by the first traced request

    private DataPoint(List<String> values) {
      this.labels = Labels.of(labelNames, values.toArray(new String[0]));
    }

    private AtomicLongArray newStripe() {
      return new AtomicLongArray(PAD + rawThresholds.length + 1 + PAD);
    }

    /** Records a raw value (nanoseconds, bytes: never negative). */
    void observe(long raw) {
      add(bucket(raw), raw);
    }

    /**
     * Records a raw value with the request's {@code traceparent} (may be null or invalid): it
     * becomes the bucket's exemplar when the bucket has none younger than the minimum retention.
     */
    void observe(long raw, String traceparent) {
      int b = bucket(raw);
      add(b, raw);
      if (traceparent != null) {
        offerExemplar(b, raw, traceparent);
      }
    }

    private int bucket(long raw) {
      long[] t = rawThresholds;
      int i = 0;
      while (raw > t[i]) { // the last threshold is Long.MAX_VALUE: the loop ends
        i++;
      }
      return i;
    }

    private void add(int bucket, long raw) {
      AtomicLongArray[] s = stripes;
      AtomicLongArray cells = s[stripe() & (s.length - 1)];
      int i = PAD + bucket;
      long seen = cells.get(i);
      if (!cells.compareAndSet(i, seen, seen + 1)) {
        cells.getAndIncrement(i);
        grow(s);
      }
      cells.getAndAdd(sumIndex, raw);
    }

    private int stripe() {
      int h = System.identityHashCode(Thread.currentThread());
      return h ^ (h >>> 16);
    }

    /** Another thread wrote the same counter at the same moment: spread the writers out. */
    private void grow(AtomicLongArray[] seen) {
      if (seen.length >= MAX_STRIPES) {
        return;
      }
      synchronized (this) {
        if (stripes != seen) {
          return; // someone grew it already
        }
        AtomicLongArray[] more = Arrays.copyOf(seen, seen.length * 2);
        for (int i = seen.length; i < more.length; i++) {
          more[i] = newStripe();
        }
        stripes = more;
      }
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
      return stripes.length;
    }

    HistogramDataPointSnapshot snapshot(long nowMillis) {
      AtomicLongArray[] s = stripes;
      int n = rawThresholds.length;
      long[] counts = new long[n];
      long sum = 0;
      for (AtomicLongArray cells : s) {
        for (int b = 0; b < n; b++) {
          counts[b] += cells.get(PAD + b);
        }
      }
      for (AtomicLongArray cells : s) {
        sum += cells.get(sumIndex);
      }
      return new HistogramDataPointSnapshot(
          ClassicHistogramBuckets.of(upperBounds, counts), sum / divisor, labels,
          exemplars(nowMillis), created);
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
