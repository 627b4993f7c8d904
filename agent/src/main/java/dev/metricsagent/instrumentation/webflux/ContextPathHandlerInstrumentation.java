package dev.metricsagent.instrumentation.webflux;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * {@code ContextPathCompositeHandler.handle(ServerHttpRequest, ServerHttpResponse)}, the handler
 * Boot puts in front of WebFlux for {@code spring.webflux.base-path}: it answers a path outside
 * the base path with a 404 of its own, which no WebFlux hook sees.
 */
final class ContextPathHandlerInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return "org.springframework.http.server.reactive.ContextPathCompositeHandler";
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.optional(
        named("handle").and(takesArguments(2)),
        "dev.metricsagent.instrumentation.webflux.WebFluxBasePathAdvice");
  }
}
