package dev.metricsagent.instrumentation.quarkus;

import static dev.metricsagent.instrumentation.PublicApi.call;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.RouteFinder;
import dev.metricsagent.bridge.RouterMounts;
import java.util.Map;

/**
 * The resource method a Quarkus REST request refused with 405 would have run as another HTTP
 * method: the class routing handler's mappers (one per method) asked, by reflection on their
 * public API, to map the path left after the class path ({@code getRemaining()}); the first match
 * names the request as {@link QuarkusRestTargetAdvice} would have. Only reads.
 */
final class QuarkusRestRouteFinder implements RouteFinder {
  @Override
  public void find(String framework, Object mappers, Object request, RequestState state)
      throws ReflectiveOperationException {
    if (!(mappers instanceof Map) || request == null) {
      return;
    }
    String remaining = (String) call(request, "getRemaining");
    for (Object mapper : ((Map<?, ?>) mappers).values()) {
      Object match =
          mapper.getClass().getMethod("map", String.class).invoke(mapper, remaining);
      Object target = match == null ? null : match.getClass().getField("value").get(match);
      if (target != null) {
        ClassLoader loader = request.getClass().getClassLoader();
        Class<?> routingContext = Class.forName("io.vertx.ext.web.RoutingContext", false, loader);
        Object ctx =
            request.getClass().getMethod("unwrap", Class.class).invoke(request, routingContext);
        RouterMounts.resourceEntered(
            state,
            ctx == null ? null : (String) call(ctx, "mountPoint"),
            (String) call(call(request, "getDeployment"), "getPrefix"),
            template(call(target, "getClassPath")),
            template(call(target, "getPath")),
            false);
        return;
      }
    }
  }

  /** A {@code URITemplate}'s text, or null. */
  private static String template(Object uriTemplate) throws ReflectiveOperationException {
    return uriTemplate == null
        ? null
        : (String) uriTemplate.getClass().getField("template").get(uriTemplate);
  }
}
