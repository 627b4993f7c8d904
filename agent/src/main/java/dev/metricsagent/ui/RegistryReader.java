package dev.metricsagent.ui;

import dev.metricsagent.core.OnFirstScrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Reads the page's figures from the registry {@code /metrics} is served from, through the same
 * collectors and data points (a scrape limited to the metrics the page shows), so the page and
 * Prometheus can never disagree and nothing is added to the request path.
 */
final class RegistryReader {
  static final String REQUESTS = "http_requests";
  static final String DURATION = "http_request_duration_seconds";
  static final String IN_PROGRESS = "http_requests_in_progress";
  static final String ROUTES = "http_route";
  static final String CPU = "process_cpu_seconds";
  static final String RSS = "process_resident_memory_bytes";
  static final String START = "process_start_time_seconds";
  static final String OS_THREADS = "process_threads";
  static final String HEAP_USED = "jvm_memory_used_bytes";
  static final String HEAP_MAX = "jvm_memory_max_bytes";
  static final String JVM_THREADS = "jvm_threads_current";
  static final String GC = "jvm_gc_collection_seconds";

  /** Base names (the client's names drop {@code _total} and {@code _info}). */
  private static final Set<String> NAMES =
      new HashSet<String>(
          Arrays.asList(
              REQUESTS, DURATION, IN_PROGRESS, ROUTES, CPU, RSS, START, OS_THREADS, HEAP_USED,
              HEAP_MAX, JVM_THREADS, GC));

  /** Only the metrics the page shows: e.g. thread states (a thread dump) are never collected. */
  static final Predicate<String> WANTED =
      new Predicate<String>() {
        @Override
        public boolean test(String name) {
          return NAMES.contains(base(name));
        }
      };

  /**
   * {@link #WANTED}, leaving the JVM and process collectors unbuilt until a scrape or a page view
   * builds them ({@link OnFirstScrape}): the sampler's readings, the first of them while a slow
   * app may still be starting.
   */
  static final Predicate<String> WANTED_IF_BUILT = new WantedIfBuilt();

  private static final class WantedIfBuilt implements Predicate<String>, OnFirstScrape.IfBuilt {
    @Override
    public boolean test(String name) {
      return WANTED.test(name);
    }
  }

  private final PrometheusRegistry registry;
  private final LongSupplier clock;

  /** Route ids by key; ids are never reused. */
  private final Map<String, Integer> ids = new HashMap<String, Integer>();

  private Route[] routes = new Route[0];
  private RouteSample[] previous = new RouteSample[0];
  private NativeSample[] previousNatives = new NativeSample[0];

  /**
   * @param clock milliseconds, monotonic (differences are intervals)
   */
  RegistryReader(PrometheusRegistry registry, LongSupplier clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** A monotonic clock in epoch milliseconds: wall time at start plus elapsed nanoseconds. */
  static LongSupplier monotonicClock(final long wall, final long nanos) {
    return new LongSupplier() {
      @Override
      public long getAsLong() {
        return wall + (System.nanoTime() - nanos) / 1_000_000L;
      }
    };
  }

  static String base(String name) {
    if (name.endsWith("_total")) {
      return name.substring(0, name.length() - 6);
    }
    if (name.endsWith("_info")) {
      return name.substring(0, name.length() - 5);
    }
    return name;
  }

  /** Reads the registry now. */
  Snapshot read() {
    return read(WANTED);
  }

  /** Reads the registry now through {@code wanted}: {@link #WANTED} or {@link #WANTED_IF_BUILT}. */
  synchronized Snapshot read(Predicate<String> wanted) {
    MetricSnapshots all = registry.scrape(wanted);
    long at = clock.getAsLong();
    Map<Integer, Builder> byId = new HashMap<Integer, Builder>();
    Set<Integer> registered = new HashSet<Integer>();
    double[] bounds = null;
    double cpu = Double.NaN;
    double rss = Double.NaN;
    double start = Double.NaN;
    double osThreads = Double.NaN;
    double heapUsed = Double.NaN;
    double heapMax = Double.NaN;
    double jvmThreads = Double.NaN;
    double gc = Double.NaN;
    boolean anyNative = false;
    for (MetricSnapshot m : all) {
      String name = base(m.getMetadata().getName());
      if (REQUESTS.equals(name) && m instanceof CounterSnapshot) {
        for (CounterDataPointSnapshot p : ((CounterSnapshot) m).getDataPoints()) {
          Builder b = builder(byId, p.getLabels());
          long n = (long) p.getValue();
          b.total += n;
          String status = label(p.getLabels(), "status_code");
          if (status != null && !status.isEmpty()) {
            if (status.charAt(0) == '4') {
              b.client += n;
            } else if (status.charAt(0) == '5') {
              b.server += n;
            }
          }
        }
      } else if (DURATION.equals(name) && m instanceof HistogramSnapshot) {
        for (HistogramDataPointSnapshot p : ((HistogramSnapshot) m).getDataPoints()) {
          ClassicHistogramBuckets cb = p.getClassicBuckets();
          if (bounds == null) {
            bounds = new double[cb.size()];
            for (int i = 0; i < bounds.length; i++) {
              bounds[i] = cb.getUpperBound(i);
            }
          }
          long[] counts = new long[cb.size()];
          for (int i = 0; i < counts.length; i++) {
            counts[i] = cb.getCount(i);
          }
          Builder b = builder(byId, p.getLabels());
          b.buckets = counts;
          b.nativeSample = NativeSample.of(p);
          anyNative |= b.nativeSample != null;
        }
      } else if (IN_PROGRESS.equals(name) && m instanceof GaugeSnapshot) {
        for (GaugeDataPointSnapshot p : ((GaugeSnapshot) m).getDataPoints()) {
          builder(byId, p.getLabels()).inProgress = (long) p.getValue();
        }
      } else if (ROUTES.equals(name)) {
        for (DataPointSnapshot p : m.getDataPoints()) {
          registered.add(id(p.getLabels()));
        }
      } else if (CPU.equals(name)) {
        cpu = first(m);
      } else if (RSS.equals(name)) {
        rss = first(m);
      } else if (START.equals(name)) {
        start = first(m);
      } else if (OS_THREADS.equals(name)) {
        osThreads = first(m);
      } else if (JVM_THREADS.equals(name)) {
        jvmThreads = first(m);
      } else if (HEAP_USED.equals(name)) {
        heapUsed = heap(m);
      } else if (HEAP_MAX.equals(name)) {
        heapMax = heap(m);
      } else if (GC.equals(name) && m instanceof SummarySnapshot) {
        gc = 0;
        for (SummaryDataPointSnapshot p : ((SummarySnapshot) m).getDataPoints()) {
          gc += p.getSum();
        }
      }
    }
    if (bounds == null) {
      bounds = new double[] {Double.POSITIVE_INFINITY};
    }
    RouteSample[] samples = new RouteSample[routes.length];
    NativeSample[] natives = anyNative ? new NativeSample[routes.length] : null;
    for (Map.Entry<Integer, Builder> e : byId.entrySet()) {
      int id = e.getKey();
      RouteSample s = e.getValue().build(bounds.length);
      RouteSample before = id < previous.length ? previous[id] : null;
      samples[id] = s.sameAs(before) ? before : s; // an idle route shares its sample
      NativeSample n = e.getValue().nativeSample;
      if (natives != null && n != null) {
        NativeSample nb = id < previousNatives.length ? previousNatives[id] : null;
        natives[id] = n.sameAs(nb) ? nb : n;
      }
    }
    previousNatives = natives == null ? new NativeSample[0] : natives;
    boolean[] inInventory = new boolean[routes.length];
    for (int id : registered) {
      inInventory[id] = true;
    }
    previous = samples;
    return new Snapshot(
        at, bounds, routes, samples, inInventory,
        new ProcessSample(start, cpu, rss, heapUsed, heapMax, jvmThreads, osThreads, gc),
        natives);
  }

  private Builder builder(Map<Integer, Builder> byId, Labels labels) {
    int id = id(labels);
    Builder b = byId.get(id);
    if (b == null) {
      b = new Builder();
      byId.put(id, b);
    }
    return b;
  }

  private int id(Labels labels) {
    // by index: Labels.get converts the asked name to its Prometheus form on every call
    String method = null;
    String endpoint = null;
    for (int i = 0; i < labels.size(); i++) {
      String n = labels.getName(i);
      if ("method".equals(n)) {
        method = labels.getValue(i);
      } else if ("endpoint".equals(n)) {
        endpoint = labels.getValue(i);
      }
    }
    String key = method + " " + endpoint;
    Integer id = ids.get(key);
    if (id == null) {
      id = routes.length;
      ids.put(key, id);
      routes = Arrays.copyOf(routes, id + 1); // earlier snapshots keep the shorter array
      routes[id] = new Route(method == null ? "" : method, endpoint == null ? "" : endpoint);
    }
    return id;
  }

  private static String label(Labels labels, String name) {
    for (int i = 0; i < labels.size(); i++) {
      if (name.equals(labels.getName(i))) {
        return labels.getValue(i);
      }
    }
    return null;
  }

  private static double first(MetricSnapshot m) {
    for (DataPointSnapshot p : m.getDataPoints()) {
      return value(p);
    }
    return Double.NaN;
  }

  private static double heap(MetricSnapshot m) {
    for (DataPointSnapshot p : m.getDataPoints()) {
      if ("heap".equals(label(p.getLabels(), "area"))) {
        return value(p);
      }
    }
    return Double.NaN;
  }

  private static double value(DataPointSnapshot p) {
    if (p instanceof GaugeDataPointSnapshot) {
      return ((GaugeDataPointSnapshot) p).getValue();
    }
    if (p instanceof CounterDataPointSnapshot) {
      return ((CounterDataPointSnapshot) p).getValue();
    }
    return Double.NaN;
  }

  /** One route's figures while a reading is assembled. */
  private static final class Builder {
    long total;
    long client;
    long server;
    long[] buckets;
    NativeSample nativeSample;
    long inProgress;

    RouteSample build(int bucketCount) {
      return new RouteSample(
          total, client, server, buckets == null ? new long[bucketCount] : buckets, inProgress);
    }
  }
}
