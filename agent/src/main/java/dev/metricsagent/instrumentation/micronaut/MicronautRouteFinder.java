package dev.metricsagent.instrumentation.micronaut;

import static dev.metricsagent.instrumentation.PublicApi.call;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.RouteFinder;
import dev.metricsagent.instrumentation.PublicApi;
import dev.metricsagent.instrumentation.spring.SpringRouteLister;
import java.util.List;

/**
 * The route a Micronaut request that no route named would have matched, asked of the router at
 * the request's end ({@code Router.findAllClosest(request)}: a pre-matching filter answered it
 * before routing; else {@code Router.findAny(request)}: a route's path matched but not its method,
 * the 405). Both only read the route table. Of several routes, the one with the most literal
 * characters in its template.
 */
final class MicronautRouteFinder implements RouteFinder {
  @Override
  public void find(String framework, Object table, Object request, RequestState state)
      throws ReflectiveOperationException {
    if (table == null || request == null || !SpringRouteLister.isA(table, MicronautModule.ROUTER)) {
      return;
    }
    Class<?> httpRequest =
        Class.forName(MicronautModule.HTTP_REQUEST, false, table.getClass().getClassLoader());
    String template = bestOf(lookUp(table, "findAllClosest", httpRequest, request));
    if (template == null) {
      template = bestOf(lookUp(table, "findAny", httpRequest, request));
    }
    Requests.routeFoundLate(state, (String) call(request, "getMethodName"), template);
  }

  private static List<?> lookUp(Object router, String name, Class<?> type, Object request)
      throws ReflectiveOperationException {
    return (List<?>) PublicApi.method(router.getClass(), name, type).invoke(router, request);
  }

  /** The template of the most specific route match, or null for none. */
  private static String bestOf(List<?> matches) throws ReflectiveOperationException {
    String best = null;
    for (Object m : matches) {
      String t = call(call(m, "getRouteInfo"), "getUriMatchTemplate").toString();
      if (best == null || literalLength(t) > literalLength(best)) {
        best = t;
      }
    }
    return best;
  }

  /** The characters of {@code template} outside its {@code {variables}}. */
  static int literalLength(String template) {
    int n = 0;
    int depth = 0;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth = Math.max(0, depth - 1);
      } else if (depth == 0) {
        n++;
      }
    }
    return n;
  }
}
