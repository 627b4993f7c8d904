package dev.metricsagent.bridge;

/**
 * The app's route registrations, as the advice sees them, forwarded to the recorder's route
 * inventory, under the context path of the web app being started or serving the request on this
 * thread, if any. A null template is ignored.
 */
public final class RouteEvents {
  /**
   * Method of a route that serves every method (a servlet mapping, a JDK {@code HttpContext}):
   * listed in the inventory as {@code ANY}, with no zero series.
   */
  public static final String ANY_METHOD = "ANY";

  private RouteEvents() {}

  /** The app registered a route. */
  public static void added(String method, String template) {
    HttpRecorder r = Recorders.get();
    if (r != null && template != null) {
      try {
        r.routeAdded(method, TemplateJoins.join(registeringContext(), template));
      } catch (Throwable t) {
        RecorderFailure.report(t);
      }
    }
  }

  /** The app removed a route; {@code method} null means every method. */
  public static void removed(String method, String template) {
    HttpRecorder r = Recorders.get();
    if (r != null && template != null) {
      try {
        r.routeRemoved(method, TemplateJoins.join(registeringContext(), template));
      } catch (Throwable t) {
        RecorderFailure.report(t);
      }
    }
  }

  /** The app removed all its routes. */
  public static void cleared() {
    HttpRecorder r = Recorders.get();
    if (r != null) {
      try {
        r.routesCleared();
      } catch (Throwable t) {
        RecorderFailure.report(t);
      }
    }
  }

  /**
   * This thread starts the web app at {@code contextPath}: the routes its frameworks register
   * meanwhile are listed under it. Returns what to hand back to {@link #webAppStarted}.
   */
  public static String webAppStarting(String contextPath) {
    RequestState s = Requests.state();
    String previous = s.webAppStarting;
    s.webAppStarting = contextPath == null ? "" : contextPath;
    return previous;
  }

  /** The web app {@link #webAppStarting} announced has started (or failed to). */
  public static void webAppStarted(String previous) {
    Requests.state().webAppStarting = previous;
  }

  /** The context path routes registered now belong to: the app starting, else the request's. */
  private static String registeringContext() {
    RequestState s = Requests.state();
    return s.webAppStarting != null ? s.webAppStarting : s.depth > 0 ? s.contextPath : null;
  }
}
