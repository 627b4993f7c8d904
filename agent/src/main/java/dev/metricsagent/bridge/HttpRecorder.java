package dev.metricsagent.bridge;

/**
 * What woven code reports: finished HTTP requests, and the routes the app registers.
 * Implemented by the agent core; lives on the bootstrap class path so advice inlined into any
 * class loader can reach it.
 */
public interface HttpRecorder {

  /**
   * The route of a request in flight became known: counts it in progress and returns the
   * recorder's handle for that method and route (null: none), which the bridge hands back to
   * {@link #record} when the request ends.
   */
  Object routeStarted(String method, String template);

  /**
   * @param route what {@link #routeStarted} returned for this request (the recorder ends its
   *     in-progress count and records on it without a lookup), or null when it was not called
   * @param method the HTTP method as the framework routed it (any case), never {@code null}
   * @param template the matched route template, {@link Bridge#STATIC_RESOURCE}, or {@code null}
   *     when no route matched
   * @param status the status code the client received
   * @param durationNanos monotonic duration of the framework's handling
   * @param traceparent the request's W3C {@code traceparent} header, or null (also when exemplars
   *     are off)
   * @param requestBytes request body size, or -1 when unknown or sizes are off
   * @param responseBytes response body size, or -1 when unknown or sizes are off
   */
  void record(
      Object route,
      String method,
      String template,
      int status,
      long durationNanos,
      String traceparent,
      long requestBytes,
      long responseBytes);

  /**
   * As {@link #record(Object, String, String, int, long, String, long, long)}, with what a naming
   * profile may label besides; what the bridge calls. A recorder that labels neither need not
   * implement it.
   *
   * @param connection scheme and protocol version ({@link ConnectionReader}), 0 when unknown or
   *     not asked for
   * @param exception the simple class name of an exception the request's handling threw, or null
   */
  default void record(
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
    record(route, method, template, status, durationNanos, traceparent, requestBytes,
        responseBytes);
  }

  /** The app registered a route (a filter or other non-HTTP method is ignored by the core). */
  void routeAdded(String method, String template);

  /** The app removed a route; {@code method} null removes the template for every method. */
  void routeRemoved(String method, String template);

  /** The app removed all its routes. */
  void routesCleared();
}
