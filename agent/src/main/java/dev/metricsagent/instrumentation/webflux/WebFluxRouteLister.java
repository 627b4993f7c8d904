package dev.metricsagent.instrumentation.webflux;

import static dev.metricsagent.instrumentation.PublicApi.call;

import dev.metricsagent.bridge.RouteEvents;
import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.bridge.RouteTables;
import dev.metricsagent.instrumentation.spring.SpringRouteFinder;
import dev.metricsagent.instrumentation.spring.SpringRouteLister;
import java.util.Collection;
import java.util.Map;

/**
 * Lists WebFlux routes into the inventory, by reflection on public API: an annotated mapping's
 * {@code getHandlerMethods()} (each pattern with each declared method, {@code ANY} if none), a
 * {@code RouterFunctionMapping}'s router function (walked with Spring's visitors, as for Spring
 * MVC), each under the app's base path ({@code spring.webflux.base-path}, read from the
 * mapping's environment, as Boot applies it); and, after an attach, the mappings of the app a
 * request went through ({@code HttpWebHandlerAdapter}'s application context).
 */
final class WebFluxRouteLister implements RouteLister {
  private static final String BASE_PATH = "spring.webflux.base-path";

  @Override
  public void listRoutes(Object table) {
    try {
      if (SpringRouteLister.isA(table, WebFluxModule.WEB_HANDLER_ADAPTER)) {
        listMappingsOf(call(table, "getApplicationContext"));
        return;
      }
      boolean methods = SpringRouteLister.isA(table, WebFluxModule.HANDLER_METHOD_MAPPING);
      if (!methods && !SpringRouteLister.isA(table, WebFluxModule.ROUTER_FUNCTION_MAPPING)) {
        throw new IllegalStateException("not a WebFlux route table");
      }
      String previous = RouteEvents.webAppStarting(basePath(table));
      try {
        if (methods) {
          for (Object info : ((Map<?, ?>) call(table, "getHandlerMethods")).keySet()) {
            listMappingInfo(info);
          }
        } else {
          Object function = call(table, "getRouterFunction");
          if (function != null) {
            SpringRouteLister.listRouterFunction(
                function, "org.springframework.web.reactive.function.server");
          }
        }
      } finally {
        RouteEvents.webAppStarted(previous);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot list the routes of " + table.getClass().getName(), e);
    }
  }

  /** Each WebFlux handler mapping of the app's context, each listed once. */
  private static void listMappingsOf(Object context) throws ReflectiveOperationException {
    if (context == null) {
      return;
    }
    ClassLoader spring = context.getClass().getClassLoader();
    Class<?> handlerMapping = Class.forName(WebFluxModule.HANDLER_MAPPING, false, spring);
    for (Object m : SpringRouteFinder.beansOf(spring, context, handlerMapping).values()) {
      if (SpringRouteLister.isA(m, WebFluxModule.HANDLER_METHOD_MAPPING)
          || SpringRouteLister.isA(m, WebFluxModule.ROUTER_FUNCTION_MAPPING)) {
        RouteTables.inUse(m);
      }
    }
  }

  /** A reactive {@code RequestMappingInfo}: its patterns times its methods ({@code ANY}: none). */
  private static void listMappingInfo(Object info) throws ReflectiveOperationException {
    Collection<?> patterns =
        (Collection<?>) call(call(info, "getPatternsCondition"), "getPatterns");
    Collection<?> methods = (Collection<?>) call(call(info, "getMethodsCondition"), "getMethods");
    for (Object p : patterns) {
      if (methods.isEmpty()) {
        RouteEvents.added(RouteEvents.ANY_METHOD, p.toString());
      }
      for (Object m : methods) {
        RouteEvents.added(((Enum<?>) m).name(), p.toString());
      }
    }
  }

  /** The base path from the mapping's environment, or {@code ""}. */
  private static String basePath(Object mapping) {
    try {
      Object context = call(mapping, "getApplicationContext");
      Object environment = context == null ? null : call(context, "getEnvironment");
      return basePath(
          environment == null ? null : (String) call(environment, "getProperty", BASE_PATH));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "";
    }
  }

  /** {@code spring.webflux.base-path} cleaned as Boot does: trimmed, a leading slash, no trailing. */
  static String basePath(String property) {
    String p = property == null ? "" : property.trim();
    if (p.isEmpty()) {
      return "";
    }
    if (!p.startsWith("/")) {
      p = "/" + p;
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
