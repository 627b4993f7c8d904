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
 * GET. By reflection on Javalin's public API; only for requests no handler named.
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
    Object endpoint = match == null ? null : JavalinRouteLister.read(match, "endpoint");
    String template = endpoint == null ? null : (String) JavalinRouteLister.read(endpoint, "path");
    Requests.routeFoundLate(state, methodName, template);
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
