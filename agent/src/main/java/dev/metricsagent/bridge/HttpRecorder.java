package dev.metricsagent.bridge;

/**
 * What woven code reports: finished HTTP requests, and the routes the app registers.
 * Implemented by the agent core; lives on the bootstrap class path so advice inlined into any
 * class loader can reach it.
 */
public interface HttpRecorder {

  /**
   * The route of a request in flight became known: counts it in progress and returns the
   * recorder's handle for that method and route (null: none), which comes back in {@link
   * CompletedRequest#route()} when the request ends.
   */
  Object routeStarted(String method, String template);

  /**
   * A request in flight left the route {@link #routeStarted} returned (a framework named it
   * again: Vert.x's next route): no longer in progress there. The handle is not recorded on.
   */
  default void routeLeft(Object route) {}

  /** A request ended; {@code request} is valid during this call only (it is reused). */
  void record(CompletedRequest request);

  /** The app registered a route (a filter or other non-HTTP method is ignored by the core). */
  void routeAdded(String method, String template);

  /**
   * The web app at {@code webApp} (its context path, {@code ""} for the root) registered a route:
   * it leaves the inventory when that web app stops. {@code webApp} null: no web app's.
   */
  default void routeAdded(String method, String template, String webApp) {
    routeAdded(method, template);
  }

  /** The web app at {@code webApp} stopped: the routes it registered leave the inventory. */
  default void webAppStopped(String webApp) {}

  /** The app removed a route; {@code method} null removes the template for every method. */
  void routeRemoved(String method, String template);

  /** The app removed all its routes. */
  void routesCleared();
}
