package dev.metricsagent.instrumentation.javalin;

import static dev.metricsagent.instrumentation.PublicApi.call;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.RouteFinder;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The route a request no handler named would have matched: Javalin's own lookup ({@code
 * InternalRouter}: {@code findFirstHttpHandlerEntry} in 7, the first of {@code
 * findHttpHandlerEntries} in 6) for the context's method (which honours {@code
 * X-HTTP-Method-Override}, as routing does) and path within the context, HEAD looked up again as
 * GET. A 405 (Javalin's answer with {@code http.prefer405over404} when the path has routes of
 * other methods only) is named by the route whose path matched, looked up as one of the HTTP
 * methods in Javalin's order, with the request's method. By reflection on Javalin's public API;
 * only for requests no handler named.
 */
final class JavalinRouteFinder implements RouteFinder {
  @Override
  public void find(String framework, Object servlet, Object ctx, RequestState state)
      throws ReflectiveOperationException {
    if (ctx == null || servlet == null) {
      return; // asked by a container's hook (no Javalin context): unmatched
    }
    ClassLoader loader = servlet.getClass().getClassLoader();
    Class<?> context = Class.forName(JavalinReferences.CONTEXT, false, loader);
    Class<?> handlerType = Class.forName(JavalinReferences.HANDLER_TYPE, false, loader);
    Object method = context.getMethod("method").invoke(ctx);
    String uri = (String) context.getMethod("path").invoke(ctx);
    String contextPath = (String) context.getMethod("contextPath").invoke(ctx);
    if (uri.startsWith(contextPath)) {
      uri = uri.substring(contextPath.length());
    }
    Object router = call(servlet, "getRouter");
    String methodName = (String) call(method, "name");
    Object match = first(router, handlerType, method, uri);
    if (match == null && "HEAD".equals(methodName)) {
      match = first(router, handlerType, handlerType.getField("GET").get(null), uri);
    }
    if (match == null && ((Number) call(ctx, "statusCode")).intValue() == 405) {
      match = anyMethod(router, handlerType, uri);
    }
    Object endpoint = match == null ? null : JavalinRouteLister.read(match, "endpoint");
    String template = endpoint == null ? null : (String) JavalinRouteLister.read(endpoint, "path");
    Requests.routeFoundLate(state, methodName, template);
  }

  /** Javalin's HTTP methods, in the order it declares them; those a version lacks are skipped. */
  private static final String[] METHODS = {
    "GET", "POST", "QUERY", "PUT", "PATCH", "DELETE", "HEAD", "TRACE", "CONNECT", "OPTIONS"
  };

  /** The first entry for the path under any HTTP method (a 405's route), or null. */
  private static Object anyMethod(Object router, Class<?> type, String uri)
      throws ReflectiveOperationException {
    for (String name : METHODS) {
      Object method;
      try {
        method = type.getField(name).get(null);
      } catch (NoSuchFieldException notInThisVersion) {
        continue;
      }
      Object match = first(router, type, method, uri);
      if (match != null) {
        return match;
      }
    }
    return null;
  }

  /** The first HTTP handler entry for the method and path, or null. */
  private static Object first(Object router, Class<?> type, Object method, String uri)
      throws ReflectiveOperationException {
    try {
      Method first = router.getClass().getMethod("findFirstHttpHandlerEntry", type, String.class);
      return first.invoke(router, method, uri);
    } catch (NoSuchMethodException javalin6) {
      Method all = router.getClass().getMethod("findHttpHandlerEntries", type, String.class);
      Optional<?> first = ((Stream<?>) all.invoke(router, method, uri)).findFirst();
      return first.orElse(null);
    }
  }
}
