package dev.metricsagent.instrumentation.webflux;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RequestState;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.resource.ResourceWebHandler;

/**
 * Exit of {@code ServerRequestObservationContext.setPathPattern}: a handler mapping matched this
 * pattern ({@code PathPattern.toString()}, the pattern as written: never a handler's or a
 * lambda's name). The static resource handler's {@code /**} is no route: {@code static} if it
 * serves a file.
 */
public final class WebFluxRouteAdvice {
  private WebFluxRouteAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.This ServerRequestObservationContext context,
      @Advice.Argument(0) String pattern) {
    Map<String, Object> attributes = context.getAttributes();
    RequestState s = ReactiveRequests.of(attributes.get(ReactiveRequests.ATTRIBUTE));
    Object handler = attributes.get(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
    if (handler instanceof ResourceWebHandler) {
      ReactiveRequests.staticResource(s);
    } else {
      ServerHttpRequest request = context.getCarrier();
      ReactiveRequests.routeFound(
          s, request.getMethod().name(), pattern, request.getPath().contextPath().value());
    }
  }
}
