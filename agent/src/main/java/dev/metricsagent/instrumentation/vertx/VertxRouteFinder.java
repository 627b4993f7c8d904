package dev.metricsagent.instrumentation.vertx;

import static dev.metricsagent.instrumentation.PublicApi.call;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.RouteFinder;

/**
 * The endpoint route a Vert.x request would have reached: for one a middleware route answered
 * with an error (an auth handler's 401 on {@code /secure/*} in front of {@code /secure/data}), and
 * one the router answered itself with a 405 (the route whose path matched). The router's routes,
 * sub-routers' included, in order: the first endpoint route matching path and method, else the
 * first matching the path. Run at the request's end; it only reads the routes.
 */
final class VertxRouteFinder implements RouteFinder {
  @Override
  public void find(String framework, Object table, Object ctx, RequestState state)
      throws ReflectiveOperationException {
    if (ctx == null) {
      return;
    }
    Object router = call(ctx, "currentRouter");
    String path = (String) call(ctx, "normalizedPath");
    String method = (String) call(call(call(ctx, "request"), "method"), "name");
    String[] found = new String[2]; // path and method matched; path only
    if (router != null && path != null) {
      find(router, path, method, null, found, 0);
    }
    String template = found[0] != null ? found[0] : found[1];
    if (template != null) {
      Requests.routeFoundLate(state, method, template);
    }
  }

  /** True once a route matching path and method is found (in {@code found[0]}). */
  private static boolean find(
      Object router, String path, String method, String mount, String[] found, int depth)
      throws ReflectiveOperationException {
    if (depth > VertxRoutes.MAX_DEPTH) {
      return false;
    }
    for (Object route : VertxRoutes.routesOf(router)) {
      Object sub = VertxRoutes.subRouter(route);
      if (sub != null) {
        String rest = VertxRoutes.rest(route, path);
        if (rest != null
            && find(sub, rest, method, VertxRoutes.mount(route, mount), found, depth + 1)) {
          return true;
        }
        continue;
      }
      String template = VertxRoutes.template(route, mount);
      if (template == null || !VertxRoutes.matches(route, path)) {
        continue;
      }
      String[] methods = VertxRoutes.methods(route);
      boolean any = methods.length == 0;
      for (String m : methods) {
        any |= m.equals(method);
      }
      if (any) {
        found[0] = template;
        return true;
      }
      if (found[1] == null) {
        found[1] = template;
      }
    }
    return false;
  }
}
