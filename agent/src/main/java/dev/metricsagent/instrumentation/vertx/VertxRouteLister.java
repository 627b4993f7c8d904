package dev.metricsagent.instrumentation.vertx;

import dev.metricsagent.bridge.RouteEvents;
import dev.metricsagent.bridge.RouteLister;

/**
 * Lists a Vert.x router's endpoint routes into the inventory: exact paths and regexes, each with
 * its methods ({@code ANY}: none), sub-routers' under their mount points; wildcard and path-less
 * routes (middleware, static files) are no endpoints.
 */
final class VertxRouteLister implements RouteLister {
  @Override
  public void listRoutes(Object table) {
    if (!VertxModule.isRouter(table)) {
      throw new IllegalStateException("not a Vert.x router");
    }
    try {
      list(table, null, 0);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot list the routes of " + table.getClass().getName(), e);
    }
  }

  private static void list(Object router, String mount, int depth)
      throws ReflectiveOperationException {
    if (depth > VertxRoutes.MAX_DEPTH) {
      return;
    }
    for (Object route : VertxRoutes.routesOf(router)) {
      Object sub = VertxRoutes.subRouter(route);
      if (sub != null) {
        list(sub, VertxRoutes.mount(route, mount), depth + 1);
        continue;
      }
      String template = VertxRoutes.template(route, mount);
      if (template == null) {
        continue;
      }
      String[] methods = VertxRoutes.methods(route);
      if (methods.length == 0) {
        RouteEvents.added(RouteEvents.ANY_METHOD, template);
      }
      for (String m : methods) {
        RouteEvents.added(m, template);
      }
    }
  }
}
