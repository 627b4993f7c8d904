package dev.metricsagent.bridge;

/**
 * Per-thread scratch space that lets two woven methods (the request entry point and the route
 * lookup) talk. One instance per thread, reused for every request, so nothing is allocated per
 * request.
 */
public final class RequestState {
  /** Nesting depth of the request entry point; only the outermost call records. */
  int depth;

  /** The method the framework routed the request as (first route lookup), or null. */
  String routedMethod;

  /** First matched route template of the current request, or null. */
  String template;

  void reset() {
    routedMethod = null;
    template = null;
  }
}
