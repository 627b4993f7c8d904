package dev.metricsagent.bridge;

/**
 * Lists the routes of a framework's route table through {@link RouteEvents#added}. Needed after
 * attach only: routes registered before the agent came were never seen being added. Installed by
 * an instrumentation module; the bridge calls it once per route table it meets.
 */
public interface RouteLister {
  void listRoutes(Object routeTable);
}
