package dev.metricsagent.bridge;

/**
 * The app's route registrations, as the advice sees them, forwarded to the recorder's route
 * inventory, under the context path of the web app being started or serving the request on this
 * thread, if any: such routes are that web app's, and leave the inventory when it stops ({@link
 * #webAppStopped}). A null template is ignored. Only context paths are kept, never an app object.
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
        String webApp = registeringContext();
        r.routeAdded(method, TemplateJoins.join(webApp, template), webApp);
      } catch (Throwable t) {
        RecorderFailure.report(t);
      }
    }
  }

  /**
   * The app registered a route under a context path its framework serves at by its own
   * configuration (Javalin's {@code config.router.contextPath}), whatever this thread does: listed
   * under it, as the requests' endpoint has it, and that web app's.
   */
  public static void addedAt(String contextPath, String method, String template) {
    HttpRecorder r = Recorders.get();
    if (r != null && template != null) {
      try {
        String webApp = webApp(contextPath);
        r.routeAdded(method, TemplateJoins.join(webApp, template), webApp);
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
    s.webAppStarting = webApp(contextPath);
    return previous;
  }

  /** The web app {@link #webAppStarting} announced has started (or failed to). */
  public static void webAppStarted(String previous) {
    Requests.state().webAppStarting = previous;
  }

  /**
   * The web app at {@code contextPath} stopped (undeployed, or stopped to be reloaded): the routes
   * registered under it leave the inventory; a new start lists them again, and so does the next
   * request of a web app restarted in place ({@link RouteTables#forgetAll}).
   */
  public static void webAppStopped(String contextPath) {
    HttpRecorder r = Recorders.get();
    if (r != null) {
      try {
        r.webAppStopped(webApp(contextPath));
      } catch (Throwable t) {
        RecorderFailure.report(t);
      }
    }
    RouteTables.forgetAll();
  }

  /**
   * A context path as the servlet API gives it ({@code ""} for the root, {@code /app}) from a
   * container's or framework's setting ({@code /}, {@code app/}).
   */
  static String webApp(String contextPath) {
    if (contextPath == null) {
      return "";
    }
    int end = contextPath.length();
    while (end > 0 && contextPath.charAt(end - 1) == '/') {
      end--;
    }
    if (end == 0) {
      return "";
    }
    String path = contextPath.substring(0, end);
    return path.charAt(0) == '/' ? path : "/" + path;
  }

  /** The context path routes registered now belong to: the app starting, else the request's. */
  private static String registeringContext() {
    RequestState s = Requests.state();
    return s.webAppStarting != null ? s.webAppStarting : s.depth > 0 ? s.contextPath : null;
  }
}
