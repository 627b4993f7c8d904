package dev.metricsagent.bridge;

/**
 * Per-thread scratch space that lets the woven methods of one request (entry, route lookup,
 * exit) talk. One instance per thread, reused for every request, so nothing is allocated per
 * request. The entry advice gets it from {@link Bridge#requestStart} and hands it back at exit.
 */
public final class RequestState {
  /** Nesting depth of the request entry point; only the outermost call records. */
  int depth;

  /** {@code System.nanoTime()} at the outermost entry. */
  long start;

  /** The method the framework routed the request as (first route lookup), or null. */
  String routedMethod;

  /** First matched route template of the current request, or null. */
  String template;

  /**
   * The recorder's handle for the matched route ({@link HttpRecorder#routeStarted}), or null. The
   * request counts as in progress on it until it is handed back at the end.
   */
  Object route;

  /** The status the framework wrote, where the outermost hook cannot read it (issue 16: JAX-RS). */
  int status;

  /** The simple class name of the first exception a hook saw escape the handling, or null. */
  String exception;

  void reset() {
    exception = null;
    routedMethod = null;
    template = null;
    route = null;
    status = 0;
  }

  /**
   * True for a request in progress whose framework never looked up a route: it stopped the
   * request before routing (a filter halted or threw). Only then is a late lookup worth its cost.
   * Any depth (issue 15): a servlet container's hook may be outside the framework's.
   */
  public boolean noRouteLookup() {
    return depth >= 1 && routedMethod == null && template == null;
  }
}
