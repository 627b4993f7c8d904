package dev.metricsagent.bridge;

/**
 * Finds the route a request answered before routing would have matched (a filter halted it, a
 * before-handler threw): the framework's own lookup, free of side effects, reported with {@link
 * Requests#routeFoundLate}. Implemented by the modules in the core, by reflection on the
 * framework's public API; called by {@link Requests#findLate} only for such requests.
 */
public interface RouteFinder {
  /**
   * @param framework the module's name ({@code spark}, {@code javalin}, {@code spring})
   * @param table what the module's advice passes: its route table or the hooked object
   * @param request the framework's request object (a servlet request, Javalin's context)
   */
  void find(String framework, Object table, Object request, RequestState state) throws Exception;
}
