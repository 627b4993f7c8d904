package dev.metricsagent.instrumentation.webflux;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.RouteTables;
import dev.metricsagent.bridge.Settings;
import net.bytebuddy.asm.Advice;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Exit of {@code HttpWebHandlerAdapter.createExchange}: the request starts, its state kept as an
 * exchange attribute; the base path (Boot's {@code spring.webflux.base-path}, the request's
 * context path by then) is joined to its templates. Inside a servlet container's request there
 * is no state: the container's hook times it.
 */
public final class WebFluxStartAdvice {
  private WebFluxStartAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object adapter, @Advice.Return ServerWebExchange exchange) {
    RouteTables.inUse(adapter); // after an attach: the app's routes, listed once
    ServerHttpRequest request = exchange.getRequest();
    RequestState s =
        ReactiveRequests.start(
            exchange,
            request.getMethod().name(),
            request.getPath().contextPath().value(),
            Settings.traceparentWanted() ? request.getHeaders().getFirst("traceparent") : null);
    if (s != null) {
      exchange.getAttributes().put(ReactiveRequests.ATTRIBUTE, s);
    }
  }
}
