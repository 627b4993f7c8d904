package dev.metricsagent.bridge;

/**
 * The app's route registrations, as the advice sees them, forwarded to the recorder's route
 * inventory. A null template is ignored.
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
        r.routeAdded(method, template);
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
        r.routeRemoved(method, template);
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
}
