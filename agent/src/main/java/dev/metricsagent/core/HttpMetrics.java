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
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP metrics and the hot path that updates them. Their names and labels are the naming
 * profile's ({@link NamingProfile}); by default ({@link PrometheusNaming}) {@code
 * http_requests_total{method, endpoint, status_code}}, {@code
 * http_request_duration_seconds{method, endpoint}}, {@code http_requests_in_progress{method,
 * endpoint}}, optionally {@code http_request_size_bytes} and {@code http_response_size_bytes};
 * and the route inventory ({@link RouteInventory}), whose routes get their duration and
 * in-progress series at zero before their first request.
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
 * Where a profile labels the connection or an exception too, a status keeps a short chain of
 * outcomes, one per (connection, exception) seen, compared without allocating.
 */
public final class HttpMetrics implements HttpRecorder {
  static final int MIN_STATUS = NamingProfile.MIN_STATUS;
  static final int MAX_STATUS = NamingProfile.MAX_STATUS;
  private static final int STATUS_SLOTS = MAX_STATUS - MIN_STATUS + 2; // + one for out of range

  /** Distinct exception names per (route, status) before they share {@code overflow}. */
  static final int MAX_EXCEPTIONS = 16;

  /** Request and response size buckets, in bytes. */
  static final double[] SIZE_BUCKETS = {100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000};

  private final NamingProfile naming;
  private final Counter requests; // null when the profile counts with the histogram
  private final StripedHistogram duration;
  private final MaxGauge max; // null unless the profile has one
  private final StripedHistogram requestSize; // null when sizes are off
  private final StripedHistogram responseSize;
  private final boolean exemplars;
  private final RouteInventory routes;
  private final int maxEndpoints;

  /** Requests recorded under {@code overflow}: over the {@code max_endpoints} cap. */
  private final LongAdder overEndpointCap = new LongAdder();

  /** Requests whose exception name was over {@link #MAX_EXCEPTIONS}. */
  private final LongAdder overExceptionCap = new LongAdder();

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

  /** Set by the first recorded request: the app is up (the exclude check runs then). */
  private volatile boolean sawRequest;

  public HttpMetrics(
      PrometheusProperties props, PrometheusRegistry registry, HttpMetricsOptions options) {
    NamingProfile naming = options.naming();
    double[] buckets = options.buckets();
    int maxEndpoints = options.maxEndpoints();
    Set<String> excluded = options.excluded();
    boolean exemplars = options.exemplars();
    boolean sizes = options.sizes();
    NativeHistogramOptions nativeHistograms = options.nativeHistograms();
    this.naming = naming;
    this.maxEndpoints = maxEndpoints;
    Set<String> ex = new HashSet<String>();
    for (String t : excluded) {
      ex.add(Endpoints.normaliseTemplate(t));
    }
    this.excluded = ex;
    this.requests =
        naming.requestsName() == null
            ? null
            : Counter.builder(props)
                .name(naming.requestsName())
                .help(naming.requestsHelp())
                .labelNames(naming.requestsLabelNames())
                .withoutExemplars()
                .register(registry);
    // our own histogram, not the client's: its writers on one route do not take turns
    this.duration =
        new StripedHistogram(
            naming.durationName(), naming.durationHelp(), Unit.SECONDS, buckets, 1e9,
            nativeHistograms, naming.durationLabelNames());
    registry.register(duration);
    if (naming.maxName() != null) {
      this.max = new MaxGauge(naming.maxName(), naming.durationHelp(), naming.durationLabelNames());
      registry.register(max);
    } else {
      this.max = null;
    }
    this.exemplars = exemplars;
    this.requestSize = sizes ? sizeHistogram(registry, "request", nativeHistograms) : null;
    this.responseSize = sizes ? sizeHistogram(registry, "response", nativeHistograms) : null;
    this.routes = new RouteInventory(props, registry, ex, naming);
    registry.register(this::inProgress);
    naming.registerOwnSeries(props, registry);
    this.unmatched =
        this.excluded.contains(Endpoints.UNMATCHED) ? notRecorded : new Series(Endpoints.UNMATCHED);
    this.staticResources =
        this.excluded.contains(Endpoints.STATIC) ? notRecorded : new Series(Endpoints.STATIC);
  }

  private StripedHistogram sizeHistogram(
      PrometheusRegistry registry, String what, NativeHistogramOptions nativeHistograms) {
    StripedHistogram h =
        new StripedHistogram(
            naming.sizeName(what),
            "HTTP " + what + " body size in bytes, by method and route template.",
            Unit.BYTES, SIZE_BUCKETS, 1, nativeHistograms, naming.routeLabelNames());
    registry.register(h);
    return h;
  }

  /** The naming profile in use. */
  public NamingProfile naming() {
    return naming;
  }

  /** Requests recorded under {@code overflow} since start: their template was over the cap. */
  public long overEndpointCap() {
    return overEndpointCap.sum();
  }

  /** Requests whose exception name was over the per-route cap and recorded as {@code overflow}. */
  public long overExceptionCap() {
    return overExceptionCap.sum();
  }

  /** Records a request without exemplar or sizes (tests, benchmarks). */
  public void record(String method, String template, int status, long durationNanos) {
    record(null, method, template, status, durationNanos, null, -1, -1, 0, null);
  }

  /** Records a request without connection or exception (tests, benchmarks). */
  public void record(
      Object route,
      String method,
      String template,
      int status,
      long durationNanos,
      String traceparent,
      long requestBytes,
      long responseBytes) {
    record(route, method, template, status, durationNanos, traceparent, requestBytes,
        responseBytes, 0, null);
  }

  /** The route's handle, already counted in progress: a {@link Route}. */
  @Override
  public Object routeStarted(String method, String template) {
    Route route = series(template).route(HttpMethods.index(method));
    route.started();
    return route;
  }

  @Override
  public void routeLeft(Object route) {
    ((Route) route).ended();
  }

  @Override
  public void routeAdded(String method, String template) {
    routeAdded(method, template, null);
  }

  @Override
  public void routeAdded(String method, String template, String webApp) {
    if (RouteEvents.ANY_METHOD.equals(method)) { // a servlet mapping or JDK context
      routeForAnyMethod(template, webApp);
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
      routes.add(HttpMethods.LABELS[m], series.endpoint, webApp);
    }
  }

  /**
   * A route that serves every method (a servlet mapping, a JDK context): listed in
   * {@code http_route_info} with method {@code ANY}; no zero series, as no method is known.
   */
  private void routeForAnyMethod(String template, String webApp) {
    Series series = series(template);
    if (series == notRecorded) {
      routes.addExcluded(Endpoints.normaliseTemplate(template));
    } else if (series.endpoint != Endpoints.OVERFLOW) {
      routes.add(RouteEvents.ANY_METHOD, series.endpoint, webApp);
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

  /** Its routes leave {@code http_route_info}; their series (counts, zeros) stay. */
  @Override
  public void webAppStopped(String webApp) {
    routes.removeWebApp(webApp);
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
        r.responseBytes(),
        r.connection(),
        r.exception());
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
      long responseBytes,
      int connection,
      String exception) {
    if (!sawRequest) { // one volatile read once warm
      routes.checkExcludesOnce();
      sawRequest = true;
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
    r.record(
        status, durationNanos, traceparent, requestBytes, responseBytes,
        naming.usesConnection() ? connection : 0, naming.usesException() ? exception : null);
  }

  /** {@code http_requests_in_progress}: every route with a cell, including those at zero. */
  private GaugeSnapshot inProgress() {
    GaugeSnapshot.Builder b =
        GaugeSnapshot.builder().name(naming.inProgressName()).help(naming.inProgressHelp());
    String[] names = naming.routeLabelNames();
    for (Series s : byLabel.values()) {
      for (int m = 0; m < HttpMethods.COUNT; m++) {
        Route r = s.routeIfAny(m);
        LongAdder a = r == null ? null : r.inProgress;
        if (a != null) {
          b.dataPoint(
              GaugeDataPointSnapshot.builder().labels(r.inProgressLabels(names)).value(a.sum())
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

    /**
     * By method: each slot written once, under this series' lock, and read without it on the
     * record path (a plain read: no volatile array access per request); a reader that sees null
     * takes the lock. Safe to read racily: a {@link Route}'s data points are final fields.
     */
    private final Route[] routes = new Route[HttpMethods.COUNT];

    /** How many routes this series has: written under its lock after each creation. */
    private volatile int created;

    Series(String endpoint) {
      this.endpoint = endpoint;
    }

    /** A route was registered: its duration and in-progress series exist from now on, at zero. */
    void precreate(int method) {
      route(method).inProgressCell();
    }

    Route route(int method) {
      Route r = routes[method];
      return r != null ? r : create(method);
    }

    private synchronized Route create(int method) {
      Route r = routes[method];
      if (r == null) {
        routes[method] = r = new Route(endpoint, method);
        created++; // a volatile write after the slot's: published to readers of created
      }
      return r;
    }

    /**
     * The route of {@code method} if it has one (a scrape: after a volatile read of {@link
     * #created}, it sees every route created before).
     */
    Route routeIfAny(int method) {
      return created == 0 ? null : routes[method];
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

    /** The duration series when the profile has one per route, else null. */
    private final StripedHistogram.DataPoint seconds;

    /** Created when the route is registered or first matched, so unmatched requests have none. */
    volatile LongAdder inProgress;

    private volatile Labels inProgressLabels; // racy, idempotent: every scrape builds the same

    /**
     * By status slot: the first outcome of that status, heading its chain. Slots are written under
     * this route's lock ({@link #outcome}) and read without it (a plain read per request; a reader
     * that sees null takes the lock). Safe to read racily: an outcome's data points are final.
     */
    private volatile Outcome[] byStatus;

    private int exceptions; // distinct exception names of this route, under its lock
    private StripedHistogram.DataPoint requestBytes; // sizes on: set on first use, racy, idempotent
    private StripedHistogram.DataPoint responseBytes;

    Route(String endpoint, int method) {
      this.method = HttpMethods.LABELS[method];
      this.endpoint = endpoint;
      this.seconds =
          endpoint == null || !naming.durationPerRoute()
              ? null
              : duration.labelValues(naming.durationLabelValues(this.method, endpoint, 0, 0, null));
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

    /** The in-progress series' labels: built by the first scrape that shows it, then kept. */
    Labels inProgressLabels(String[] names) {
      Labels l = inProgressLabels;
      if (l == null) {
        l = StripedHistogram.labelsOf(
            names, Arrays.asList(method, naming.routeLabelValue(endpoint)));
        inProgressLabels = l;
      }
      return l;
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
        int status, long durationNanos, String traceparent, long reqBytes, long respBytes,
        int connection, String exception) {
      int slot = status >= MIN_STATUS && status <= MAX_STATUS ? status - MIN_STATUS : STATUS_SLOTS - 1;
      Outcome[] outcomes = byStatus;
      Outcome o = outcomes == null ? null : outcomes[slot];
      while (o != null && !o.is(connection, exception)) {
        o = o.next;
      }
      if (o == null) {
        o = outcome(slot, status, connection, exception);
      }
      o.record(durationNanos, exemplars ? traceparent : null);
      if (endpoint == Endpoints.OVERFLOW) {
        overEndpointCap.increment();
      }
      if (requestSize != null) {
        if (reqBytes >= 0) { // unknown is not a zero-byte body
          if (requestBytes == null) {
            requestBytes = requestSize.labelValues(routeLabels());
          }
          requestBytes.observe(reqBytes);
        }
        if (respBytes >= 0) {
          if (responseBytes == null) {
            responseBytes = responseSize.labelValues(routeLabels());
          }
          responseBytes.observe(respBytes);
        }
      }
    }

    private String[] routeLabels() {
      return new String[] {method, naming.routeLabelValue(endpoint)};
    }

    /** The slow path: the first request of an outcome on this route. */
    private synchronized Outcome outcome(int slot, int status, int connection, String exception) {
      Outcome[] outcomes = byStatus;
      if (outcomes == null) {
        byStatus = outcomes = new Outcome[STATUS_SLOTS];
      }
      Outcome head = outcomes[slot];
      Outcome last = null;
      for (Outcome o = head; o != null; o = o.next) {
        if (o.is(connection, exception)) {
          return o;
        }
        last = o;
      }
      String label = exception;
      if (exception != null && !hasException(exception)) {
        if (exceptions >= MAX_EXCEPTIONS) {
          label = Endpoints.OVERFLOW;
          overExceptionCap.increment();
        } else {
          exceptions++;
        }
      }
      Outcome o = new Outcome(this, status, connection, exception, label);
      if (last == null) {
        outcomes[slot] = o;
      } else {
        last.next = o; // volatile: readers walking the chain see it complete
      }
      return o;
    }

    private boolean hasException(String name) {
      Outcome[] outcomes = byStatus;
      for (int i = 0; i < outcomes.length; i++) {
        for (Outcome o = outcomes[i]; o != null; o = o.next) {
          if (name.equals(o.exception) && !Endpoints.OVERFLOW.equals(o.exceptionLabel)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /**
   * The data points of one (route, status, connection, exception): what a request with that
   * outcome updates. Most routes have one per status they answered with.
   */
  private final class Outcome {
    final int connection;
    final String exception; // as the request reported it; compared to find this outcome
    final String exceptionLabel; // as labelled: the name, or overflow past the cap
    final CounterDataPoint count; // null without a request counter
    final StripedHistogram.DataPoint seconds;
    final MaxGauge.Window slowest; // null without a max gauge
    volatile Outcome next;

    Outcome(Route r, int status, int connection, String exception, String exceptionLabel) {
      this.connection = connection;
      this.exception = exception;
      this.exceptionLabel = exceptionLabel;
      this.count =
          requests == null
              ? null
              : requests.labelValues(naming.requestsLabelValues(r.method, r.endpoint, status));
      String[] labels =
          naming.durationLabelValues(r.method, r.endpoint, status, connection, exceptionLabel);
      this.seconds = r.seconds != null ? r.seconds : duration.labelValues(labels);
      this.slowest = max == null ? null : max.labelValues(labels);
    }

    boolean is(int connection, String exception) {
      return this.connection == connection
          && (this.exception == exception
              || (exception != null && exception.equals(this.exception)));
    }

    void record(long durationNanos, String traceparent) {
      if (count != null) {
        count.inc();
      }
      seconds.observe(durationNanos, traceparent);
      if (slowest != null) {
        slowest.record(durationNanos, System.nanoTime());
      }
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
        int status, long durationNanos, String traceparent, long reqBytes, long respBytes,
        int connection, String exception) {
      // not recorded: the template is in the exclude option
    }
  }
}
