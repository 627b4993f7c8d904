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

  /** Continues on another thread ({@link Bridge#requestAsync}): its exit records nothing. */
  boolean handedOff;

  void reset() {
    routedMethod = null;
    template = null;
    route = null;
    handedOff = false;
  }

  /**
   * True for the outermost request when the framework never looked up a route: it stopped the
   * request before routing (a filter halted or threw). Only then is a late lookup worth its cost.
   */
  public boolean noRouteLookup() {
    return depth == 1 && routedMethod == null && template == null;
  }

  /**
   * True while no route is known for the request, at any depth: for a framework hook inside an
   * outer one (the servlet container's), whose own late lookup then names a request the framework
   * stopped before routing.
   */
  public boolean routeUnknown() {
    return depth > 0 && routedMethod == null && template == null && !handedOff;
  }
}
