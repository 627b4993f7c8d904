package dev.metricsagent.bridge;

import java.util.ArrayList;
import java.util.List;

/**
 * A recorder for tests that drive the bridge the way advice does: requests as {@code "GET
 * /products/:id 200"} (with {@code " tp=..."} when a traceparent came), route events as {@code
 * "+GET /x"}, {@code "-GET /x"}, {@code "clear"}. Installs itself on the bridge; {@link #close}
 * removes it.
 */
public final class RecordedEvents implements HttpRecorder, AutoCloseable {
  private final List<String> events = new ArrayList<>();

  public static RecordedEvents install() {
    RecordedEvents r = new RecordedEvents();
    Bridge.setRecorder(r);
    return r;
  }

  public synchronized List<String> events() {
    return new ArrayList<>(events);
  }

  @Override
  public Object routeStarted(String method, String template) {
    return null;
  }

  @Override
  public synchronized void record(
      Object route, String method, String template, int status, long nanos, String traceparent,
      long in, long out) {
    events.add(
        method + " " + template + " " + status + (traceparent == null ? "" : " tp=" + traceparent));
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
  public void close() {
    Bridge.setRecorder(null);
    Bridge.setTraceparentWanted(false);
  }
}
