package dev.metricsagent.bridge;

/**
 * Lists the routes of a route table through {@link RouteEvents#added}: a framework's after an
 * attach (routes registered before the agent came were never seen being added), a web app's
 * servlet mappings (no hook sees them being added). Implemented in the core; {@link RouteTables}
 * calls it once per route table it meets.
 */
public interface RouteLister {
  void listRoutes(Object routeTable);
}
