package dev.metricsagent.instrumentation.webflux;

import static dev.metricsagent.instrumentation.PublicApi.call;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.RouteFinder;
import dev.metricsagent.instrumentation.PublicApi;
import dev.metricsagent.instrumentation.spring.SpringRouteFinder;
import dev.metricsagent.instrumentation.spring.SpringRouteLister;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The route a WebFlux request that no handler mapping named would have matched: one a {@code
 * WebFilter} answered before routing (a 401), or a 405 (the path matched a route, the method did
 * not: named by that route, looked up as a method it supports). The app's handler mappings, in
 * order, are asked for a handler ({@code getHandler(exchange)}), and the pattern it matched
 * ({@code BEST_MATCHING_PATTERN_ATTRIBUTE}) is the route; the static resource handler is none.
 * Run at the request's end, so nothing the lookup does reaches the app: the attributes it adds
 * are removed again. A lookup that does not answer at once (a mapping that would wait) is given
 * up, never waited for: this may run on an event loop.
 */
final class WebFluxRouteFinder implements RouteFinder {
  private static final String EXCHANGE = "org.springframework.web.server.ServerWebExchange";
  private static final String METHOD_NOT_ALLOWED =
      "org.springframework.web.server.MethodNotAllowedException";

  @Override
  public void find(String framework, Object table, Object exchange, RequestState state)
      throws ReflectiveOperationException {
    if (exchange == null || !SpringRouteLister.isA(exchange, EXCHANGE)) {
      return; // a servlet request: WebFlux's exchange is looked up when its async context ends
    }
    Object context = call(exchange, "getApplicationContext");
    if (context == null) {
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> attributes = (Map<String, Object>) call(exchange, "getAttributes");
    // while it looks up, the mappings must not report a match: neither to this request's state
    // (the advice) nor to Spring's observation of it, which may still be read
    Object own = attributes.remove(ReactiveRequests.ATTRIBUTE);
    Object observation = attributes.remove(WebFluxModule.OBSERVATION_CONTEXT);
    Set<String> before = new HashSet<String>(attributes.keySet());
    try {
      String template = lookUp(context, exchange, attributes);
      Object request = call(exchange, "getRequest");
      // joined to WebFlux's context path (the base path), also where the state's is a servlet's
      Object contextPath = call(call(call(request, "getPath"), "contextPath"), "value");
      Object method = call(request, "getMethod");
      Requests.routeFoundLate(
          state, (String) call(method, "name"), template, (String) contextPath);
    } finally {
      attributes.keySet().retainAll(before);
      restore(attributes, ReactiveRequests.ATTRIBUTE, own);
      restore(attributes, WebFluxModule.OBSERVATION_CONTEXT, observation);
    }
  }

  private static void restore(Map<String, Object> attributes, String name, Object value) {
    if (value != null) {
      attributes.put(name, value);
    }
  }

  /** The pattern of the first handler mapping that matches, or null. */
  private static String lookUp(Object context, Object exchange, Map<String, Object> attributes)
      throws ReflectiveOperationException {
    ClassLoader spring = context.getClass().getClassLoader();
    Class<?> handlerMapping = Class.forName(WebFluxModule.HANDLER_MAPPING, false, spring);
    List<Object> mappings =
        new ArrayList<Object>(SpringRouteFinder.beansOf(spring, context, handlerMapping).values());
    String comparator = "org.springframework.core.annotation.AnnotationAwareOrderComparator";
    Class.forName(comparator, false, spring)
        .getMethod("sort", List.class)
        .invoke(null, mappings);
    String bestPattern =
        (String) handlerMapping.getField("BEST_MATCHING_PATTERN_ATTRIBUTE").get(null);
    Method getHandler = PublicApi.method(handlerMapping, "getHandler", exchangeType(spring));
    for (Object m : mappings) {
      Object handler;
      try {
        handler = handlerNow(getHandler, m, exchange);
      } catch (CompletionException e) {
        Collection<?> supported = supportedMethods(e.getCause());
        return supported == null
            ? null
            : pathMatched(getHandler, m, exchange, supported, attributes, bestPattern);
      }
      if (handler != null) {
        return patternOf(handler, attributes.get(bestPattern));
      }
    }
    return null;
  }

  /**
   * The most specific pattern {@code mapping} matches for the request as one of the supported
   * methods (the exchange mutated to that method; its attributes are the request's own).
   */
  private static String pathMatched(
      Method getHandler,
      Object mapping,
      Object exchange,
      Collection<?> methods,
      Map<String, Object> attributes,
      String bestPattern)
      throws ReflectiveOperationException {
    String best = null;
    for (Object method : methods) {
      Object requestBuilder = call(call(exchange, "getRequest"), "mutate");
      Object request =
          call(
              PublicApi.method(requestBuilder.getClass(), "method", method.getClass())
                  .invoke(requestBuilder, method),
              "build");
      Object exchangeBuilder = call(exchange, "mutate");
      Object asMethod =
          call(
              PublicApi.method(exchangeBuilder.getClass(), "request", requestType(exchange))
                  .invoke(exchangeBuilder, request),
              "build");
      try {
        Object handler = handlerNow(getHandler, mapping, asMethod);
        String pattern = handler == null ? null : patternOf(handler, attributes.get(bestPattern));
        if (pattern != null && (best == null || SpringRouteFinder.moreSpecific(pattern, best))) {
          best = pattern;
        }
      } catch (CompletionException notThisOne) {
        // another condition (consumes, params) rejects it as this method too: try the next
      }
    }
    return best;
  }

  /** {@code mapping.getHandler(exchange)}'s handler if it answers at once, else null. */
  private static Object handlerNow(Method getHandler, Object mapping, Object exchange)
      throws ReflectiveOperationException {
    Object mono = getHandler.invoke(mapping, exchange);
    CompletableFuture<?> f = (CompletableFuture<?>) call(mono, "toFuture");
    return f.isDone() ? f.getNow(null) : null;
  }

  /** A route's pattern ({@code PathPattern.toString()}); the static resource handler: none. */
  private static String patternOf(Object handler, Object pattern) {
    return pattern == null || SpringRouteLister.isA(handler, WebFluxModule.RESOURCE_HANDLER)
        ? null
        : pattern.toString();
  }

  /** {@code MethodNotAllowedException.getSupportedMethods()}, or null. */
  private static Collection<?> supportedMethods(Throwable t) throws ReflectiveOperationException {
    if (t == null || !t.getClass().getName().equals(METHOD_NOT_ALLOWED)) {
      return null;
    }
    return (Collection<?>) t.getClass().getMethod("getSupportedMethods").invoke(t);
  }

  private static Class<?> requestType(Object exchange) throws ClassNotFoundException {
    return Class.forName(
        "org.springframework.http.server.reactive.ServerHttpRequest",
        false,
        exchange.getClass().getClassLoader());
  }

  private static Class<?> exchangeType(ClassLoader spring) throws ClassNotFoundException {
    return Class.forName(EXCHANGE, false, spring);
  }
}
