package dev.metricsagent.instrumentation.spark;

import static dev.metricsagent.instrumentation.PublicApi.call;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.RouteFinder;
import java.lang.reflect.Method;

/**
 * The route a request a Spark filter stopped before routing would have matched: Spark's own
 * {@code Routes.find}, with the {@code X-HTTP-Method-Override} header and the second lookup of a
 * HEAD request as GET that routing applies. By reflection on Spark's public API (the agent's
 * classes cannot link against the app's Spark); only for such requests.
 */
final class SparkRouteFinder implements RouteFinder {
  @Override
  public void find(String framework, Object routes, Object request, RequestState state)
      throws ReflectiveOperationException {
    if (routes == null) {
      return;
    }
    Class<?> httpMethod =
        Class.forName(SparkModule.HTTP_METHOD, false, routes.getClass().getClassLoader());
    String override = (String) call(request, "getHeader", "X-HTTP-Method-Override");
    String requested = override != null ? override : (String) call(request, "getMethod");
    Object method = httpMethod.getMethod("get", String.class).invoke(null, requested.toLowerCase());
    if (method == null) {
      return; // no method Spark knows: unmatched
    }
    Method find = routes.getClass().getMethod("find", httpMethod, String.class, String.class);
    String uri = (String) call(request, "getRequestURI");
    String accept = (String) call(request, "getHeader", "Accept");
    Object match = find.invoke(routes, method, uri, accept);
    if (match == null && method == httpMethod.getField("head").get(null)) {
      match = find.invoke(routes, httpMethod.getField("get").get(null), uri, accept);
    }
    if (match != null) {
      String template = (String) match.getClass().getMethod("getMatchUri").invoke(match);
      Requests.routeFoundLate(state, ((Enum<?>) method).name(), template);
    }
  }
}
