package dev.metricsagent.core;

import dev.metricsagent.bridge.CompletedRequest;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.RouteEvents;
import dev.metricsagent.bridge.HttpRecorder;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP metrics and the hot path that updates them: {@code http_requests_total{method,
 * endpoint, status_code}}, {@code http_request_duration_seconds{method, endpoint}}, {@code
 * http_requests_in_progress{method, endpoint}}, optionally {@code http_request_size_bytes} and
 * {@code http_response_size_bytes}; and the route inventory ({@link RouteInventory}), whose
 * routes get their duration and in-progress series at zero before their first request.
 *
 * <pre>{@code
 * HttpMetrics m = new HttpMetrics(props, registry, HttpMetricsOptions.DEFAULTS);
 * m.record("GET", "/products/:id", 200, 1_500_000L);
 * }</pre>
 *
 * <p>Label values are resolved to data points once per (method, endpoint, status) and kept, so
 * a warm request does a hash lookup on an interned template and two array reads, and allocates
 * nothing. The label options cost nothing per request either: an excluded template resolves once
 * to a series that records nothing, and status grouping is only another table of label values.
 */
public final class HttpMetrics implements HttpRecorder {
  static final int MIN_STATUS = 100;
  static final int MAX_STATUS = 599;
  private static final int STATUS_SLOTS = MAX_STATUS - MIN_STATUS + 2; // + one for out of range
  private static final String OUT_OF_RANGE_STATUS = "other";

  /** {@code status_code} values by slot: the exact code. */
  private static final String[] STATUS_LABELS = new String[STATUS_SLOTS];

  /** {@code status_code} values by slot with {@code status_groups=true}: 1xx .. 5xx. */
  private static final String[] STATUS_GROUP_LABELS = new String[STATUS_SLOTS];

  static {
    for (int s = MIN_STATUS; s <= MAX_STATUS; s++) {
      STATUS_LABELS[s - MIN_STATUS] = Integer.toString(s);
      STATUS_GROUP_LABELS[s - MIN_STATUS] = (s / 100) + "xx";
    }
    STATUS_LABELS[STATUS_SLOTS - 1] = OUT_OF_RANGE_STATUS;
    STATUS_GROUP_LABELS[STATUS_SLOTS - 1] = OUT_OF_RANGE_STATUS;
  }

  /** Request and response size buckets, in bytes. */
  static final double[] SIZE_BUCKETS = {100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000};

  private final Counter requests;
  private final StripedHistogram duration;
  private final StripedHistogram requestSize; // null when sizes are off
  private final StripedHistogram responseSize;
  private final boolean exemplars;
  private final RouteInventory routes;
  private final int maxEndpoints;
  private final String[] statusLabels;

  /** Normalised templates whose requests are not recorded. */
  private final Set<String> excluded;

  /** The series of excluded templates: records nothing. */
  private final Series notRecorded = new Excluded();

  /** Raw template (as the framework hands it) to its series; several raw forms may share one. */
  private final ConcurrentHashMap<String, Series> byTemplate =
      new ConcurrentHashMap<String, Series>();

  /** Normalised endpoint label to its series: the source of truth for the cap. */
  private final ConcurrentHashMap<String, Series> byLabel = new ConcurrentHashMap<String, Series>();

  private final Series unmatched;
  private final Series staticResources;

  /** Open until the first request is recorded: the app is up. */
  private final CountDownLatch firstRequest = new CountDownLatch(1);

  public HttpMetrics(
      PrometheusProperties props, PrometheusRegistry registry, HttpMetricsOptions options) {
    double[] buckets = options.buckets();
    int maxEndpoints = options.maxEndpoints();
    Set<String> excluded = options.excluded();
    boolean statusGroups = options.statusGroups();
    boolean exemplars = options.exemplars();
    boolean sizes = options.sizes();
    NativeHistogramOptions nativeHistograms = options.nativeHistograms();
    this.maxEndpoints = maxEndpoints;
    Set<String> ex = new HashSet<String>();
    for (String t : excluded) {
      ex.add(Endpoints.normaliseTemplate(t));
    }
    this.excluded = ex;
    this.statusLabels = statusGroups ? STATUS_GROUP_LABELS : STATUS_LABELS;
    this.requests =
        Counter.builder(props)
            .name("http_requests_total")
            .help("Total HTTP requests handled, by method, route template and status code.")
            .labelNames("method", "endpoint", "status_code")
            .withoutExemplars()
            .register(registry);
    // our own histogram, not the client's: its writers on one route do not take turns
    this.duration =
        new StripedHistogram(
            "http_request_duration_seconds",
            "Duration of HTTP request handling in seconds, by method and route template.",
            Unit.SECONDS, buckets, 1e9, nativeHistograms, "method", "endpoint");
    registry.register(duration);
    this.exemplars = exemplars;
    this.requestSize = sizes ? sizeHistogram(registry, "request", nativeHistograms) : null;
    this.responseSize = sizes ? sizeHistogram(registry, "response", nativeHistograms) : null;
    this.routes = new RouteInventory(props, registry, ex);
    registry.register(this::inProgress);
    this.unmatched =
        this.excluded.contains(Endpoints.UNMATCHED) ? notRecorded : new Series(Endpoints.UNMATCHED);
    this.staticResources =
        this.excluded.contains(Endpoints.STATIC) ? notRecorded : new Series(Endpoints.STATIC);
  }

  private static StripedHistogram sizeHistogram(
      PrometheusRegistry registry, String what, NativeHistogramOptions nativeHistograms) {
    StripedHistogram h =
        new StripedHistogram(
            "http_" + what + "_size_bytes",
            "HTTP " + what + " body size in bytes, by method and route template.",
            Unit.BYTES, SIZE_BUCKETS, 1, nativeHistograms, "method", "endpoint");
    registry.register(h);
    return h;
  }

  /** Records a request without exemplar or sizes (tests, benchmarks). */
  public void record(String method, String template, int status, long durationNanos) {
    record(null, method, template, status, durationNanos, null, -1, -1);
  }

  /** The route's handle, already counted in progress: a {@link Route}. */
  @Override
  public Object routeStarted(String method, String template) {
    Route route = series(template).route(HttpMethods.index(method));
    route.started();
    return route;
  }

  @Override
  public void routeAdded(String method, String template) {
    if (RouteEvents.ANY_METHOD.equals(method)) { // a servlet mapping or JDK context
      routeForAnyMethod(template);
      return;
    }
    int m = HttpMethods.index(method);
    if (m == HttpMethods.COUNT - 1) {
      return; // a filter (Spark's before/after) or another non-HTTP registration
    }
    Series series = series(template);
    if (series == notRecorded) {
      routes.addExcluded(Endpoints.normaliseTemplate(template));
    } else if (series.endpoint != Endpoints.OVERFLOW) { // over the cap: no per-route series
      series.precreate(m);
      routes.add(HttpMethods.LABELS[m], series.endpoint);
    }
  }

  /**
   * A route that serves every method (a servlet mapping, a JDK context): listed in
   * {@code http_route_info} with method {@code ANY}; no zero series, as no method is known.
   */
  private void routeForAnyMethod(String template) {
    Series series = series(template);
    if (series == notRecorded) {
      routes.addExcluded(Endpoints.normaliseTemplate(template));
    } else if (series.endpoint != Endpoints.OVERFLOW) {
      routes.add(RouteEvents.ANY_METHOD, series.endpoint);
    }
  }

  @Override
  public void routeRemoved(String method, String template) {
    String endpoint = Endpoints.normaliseTemplate(template);
    if (method == null) {
      for (int m = 0; m < HttpMethods.COUNT - 1; m++) {
        routes.remove(HttpMethods.LABELS[m], endpoint);
      }
      routes.remove(RouteEvents.ANY_METHOD, endpoint);
    } else if (RouteEvents.ANY_METHOD.equals(method)) {
      routes.remove(RouteEvents.ANY_METHOD, endpoint);
    } else {
      routes.remove(HttpMethods.normalise(method), endpoint);
    }
  }

  @Override
  public void routesCleared() {
    routes.clear();
  }

  @Override
  public void record(CompletedRequest r) {
    record(
        r.route(),
        r.method(),
        r.template(),
        r.status(),
        r.durationNanos(),
        r.traceparent(),
        r.requestBytes(),
        r.responseBytes());
  }

  /** {@link #record(CompletedRequest)} by its parts (tests, benchmarks). */
  public void record(
      Object route,
      String method,
      String template,
      int status,
      long durationNanos,
      String traceparent,
      long requestBytes,
      long responseBytes) {
    if (firstRequest.getCount() != 0) { // one volatile read once warm
      routes.checkExcludesOnce();
      firstRequest.countDown();
    }
    Route r;
    if (route != null) {
      r = (Route) route; // the usual case: resolved when the route matched, no lookup here
      r.ended();
    } else {
      Series series;
      if (template == null) {
        series = unmatched;
      } else if (template == Requests.STATIC_RESOURCE) { // identity: the bridge's own constant
        series = staticResources;
      } else {
        series = series(template);
      }
      r = series.route(HttpMethods.index(method));
    }
    r.record(status, durationNanos, traceparent, requestBytes, responseBytes);
  }

  /**
   * Waits until the app has had its first request recorded, at most {@code millis}.
   *
   * @return whether a request came
   */
  public boolean awaitFirstRequest(long millis) throws InterruptedException {
    return firstRequest.await(millis, TimeUnit.MILLISECONDS);
  }

  /** {@code http_requests_in_progress}: every route with a cell, including those at zero. */
  private GaugeSnapshot inProgress() {
    GaugeSnapshot.Builder b =
        GaugeSnapshot.builder()
            .name("http_requests_in_progress")
            .help(
                "HTTP requests in progress, by method and route template, from route match to"
                    + " response.");
    for (Series s : byLabel.values()) {
      for (int m = 0; m < HttpMethods.COUNT; m++) {
        Route r = s.routes.get(m);
        LongAdder a = r == null ? null : r.inProgress;
        if (a != null) {
          b.dataPoint(
              GaugeDataPointSnapshot.builder()
                  .labels(Labels.of("endpoint", s.endpoint, "method", HttpMethods.LABELS[m]))
                  .value(a.sum())
                  .build());
        }
      }
    }
    return b.build();
  }

  /** The series of a route template: a map read once warm. */
  private Series series(String template) {
    Series s = byTemplate.get(template);
    return s != null ? s : seriesFor(template);
  }

  /** The slow path: first request on a template. */
  private Series seriesFor(String template) {
    String label = Endpoints.normaliseTemplate(template);
    Series s = excluded.contains(label) ? notRecorded : byLabel.get(label);
    if (s == null) {
      if (byLabel.size() >= maxEndpoints) {
        s = byLabel.computeIfAbsent(Endpoints.OVERFLOW, Series::new);
      } else {
        s = byLabel.computeIfAbsent(label, Series::new);
      }
    }
    Series prev = byTemplate.putIfAbsent(template, s);
    return prev != null ? prev : s;
  }

  /** One endpoint: its {@link Route}s by method, created on first use. */
  private class Series {
    final String endpoint;
    final AtomicReferenceArray<Route> routes = new AtomicReferenceArray<Route>(HttpMethods.COUNT);

    Series(String endpoint) {
      this.endpoint = endpoint;
    }

    /** A route was registered: its duration and in-progress series exist from now on, at zero. */
    void precreate(int method) {
      route(method).inProgressCell();
    }

    Route route(int method) {
      Route r = routes.get(method);
      if (r == null) {
        // labelValues returns the same data points for the same labels, so a lost race is harmless
        routes.compareAndSet(method, null, new Route(endpoint, method));
        r = routes.get(method);
      }
      return r;
    }
  }

  /**
   * One method of one endpoint: the data points a request updates, resolved once. It is the
   * handle the bridge keeps from route match to request end, so a matched request's end does no
   * lookup at all.
   */
  private class Route {
    private final String method;
    private final String endpoint;
    private final StripedHistogram.DataPoint seconds;

    /** Created when the route is registered or first matched, so unmatched requests have none. */
    volatile LongAdder inProgress;

    private volatile AtomicReferenceArray<CounterDataPoint> byStatus;
    private StripedHistogram.DataPoint requestBytes; // sizes on: set on first use, racy, idempotent
    private StripedHistogram.DataPoint responseBytes;

    Route(String endpoint, int method) {
      this.method = HttpMethods.LABELS[method];
      this.endpoint = endpoint;
      this.seconds = endpoint == null ? null : duration.labelValues(this.method, endpoint);
    }

    void started() {
      inProgressCell().increment();
    }

    void ended() {
      LongAdder a = inProgress;
      if (a != null) {
        a.decrement();
      }
    }

    LongAdder inProgressCell() {
      LongAdder a = inProgress;
      if (a == null) {
        synchronized (this) {
          a = inProgress;
          if (a == null) {
            inProgress = a = new LongAdder();
          }
        }
      }
      return a;
    }

    void record(
        int status, long durationNanos, String traceparent, long reqBytes, long respBytes) {
      int slot = status >= MIN_STATUS && status <= MAX_STATUS ? status - MIN_STATUS : STATUS_SLOTS - 1;
      AtomicReferenceArray<CounterDataPoint> counts = byStatus;
      CounterDataPoint count = counts == null ? null : counts.get(slot);
      if (count == null) {
        count = counter(slot);
      }
      count.inc();
      seconds.observe(durationNanos, exemplars ? traceparent : null);
      if (requestSize != null) {
        if (reqBytes >= 0) { // unknown is not a zero-byte body
          if (requestBytes == null) {
            requestBytes = requestSize.labelValues(method, endpoint);
          }
          requestBytes.observe(reqBytes);
        }
        if (respBytes >= 0) {
          if (responseBytes == null) {
            responseBytes = responseSize.labelValues(method, endpoint);
          }
          responseBytes.observe(respBytes);
        }
      }
    }

    private CounterDataPoint counter(int slot) {
      AtomicReferenceArray<CounterDataPoint> counts = byStatus;
      if (counts == null) {
        synchronized (this) {
          counts = byStatus;
          if (counts == null) {
            byStatus = counts = new AtomicReferenceArray<CounterDataPoint>(STATUS_SLOTS);
          }
        }
      }
      CounterDataPoint c = requests.labelValues(method, endpoint, statusLabels[slot]);
      counts.set(slot, c);
      return c;
    }
  }

  /** The series of an excluded template: resolved once like any other, records nothing. */
  private final class Excluded extends Series {
    private final Route nothing = new NotRecorded();

    Excluded() {
      super("");
    }

    @Override
    Route route(int method) {
      return nothing;
    }
  }

  /** The route of an excluded template: not counted, not in progress, no data points. */
  private final class NotRecorded extends Route {
    NotRecorded() {
      super(null, HttpMethods.COUNT - 1);
    }

    @Override
    void started() {}

    @Override
    void record(
        int status, long durationNanos, String traceparent, long reqBytes, long respBytes) {
      // not recorded: the template is in the exclude option
    }
  }
}
