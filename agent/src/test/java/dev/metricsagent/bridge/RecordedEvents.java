package dev.metricsagent.bridge;

import dev.metricsagent.instrumentation.Modules;
import dev.metricsagent.instrumentation.RouteFinders;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorder for tests that drive the bridge the way advice does: requests as {@code "GET
 * /products/:id 200"} (with {@code " tp=..."} when a traceparent came), route events as {@code
 * "+GET /x"}, {@code "-GET /x"}, {@code "clear"}, a web app's stop as {@code "stopped /app"}.
 * Installs itself on the bridge; {@link #close} removes it.
 */
public final class RecordedEvents implements HttpRecorder, AutoCloseable {
  private final List<String> events = new ArrayList<>();
  private final List<Long> durations = new ArrayList<>();
  private final List<String> started = new ArrayList<>();
  private final List<String> exceptions = new ArrayList<>();

  /** The {@code exception} of each request recorded, in order (null: none). */
  public synchronized List<String> exceptions() {
    return new ArrayList<>(exceptions);
  }

  /** Installs a recorder, with the modules' route finders as the agent installs them. */
  public static RecordedEvents install() {
    RecordedEvents r = new RecordedEvents();
    Recorders.set(r);
    Settings.install(SETTINGS);
    return r;
  }

  /** From now on the advice reads the {@code traceparent} header. */
  public void wantTraceparent() {
    Settings.install(SETTINGS.withTraceparent(true));
  }

  private static final Settings SETTINGS =
      Settings.NONE.withRouteFinder(RouteFinders.of(Modules.all()));

  public synchronized List<String> events() {
    return new ArrayList<>(events);
  }

  /** The recorded requests' durations, in nanoseconds, in order. */
  public synchronized List<Long> durations() {
    return new ArrayList<>(durations);
  }

  /** The routes requests started on (counted in progress there), as {@code "GET /x"}. */
  public synchronized List<String> started() {
    return new ArrayList<>(started);
  }

  @Override
  public synchronized Object routeStarted(String method, String template) {
    started.add(method + " " + template);
    return null;
  }

  @Override
  public synchronized void record(CompletedRequest r) {
    durations.add(r.durationNanos());
    exceptions.add(r.exception());
    events.add(
        r.method() + " " + r.template() + " " + r.status()
            + (r.traceparent() == null ? "" : " tp=" + r.traceparent()));
  }

  @Override
  public synchronized void routeAdded(String method, String template) {
    events.add("+" + method + " " + template);
  }

  @Override
  public synchronized void routeRemoved(String method, String template) {
    events.add("-" + method + " " + template);
  }

  @Override
  public synchronized void routesCleared() {
    events.add("clear");
  }

  @Override
  public synchronized void webAppStopped(String webApp) {
    events.add("stopped " + webApp);
  }

  @Override
  public void close() {
    Recorders.set(null);
    Settings.install(Settings.NONE);
  }
}
