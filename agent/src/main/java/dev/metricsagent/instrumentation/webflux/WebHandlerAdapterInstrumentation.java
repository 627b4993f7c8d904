package dev.metricsagent.instrumentation.webflux;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * {@code HttpWebHandlerAdapter.createExchange(ServerHttpRequest, ServerHttpResponse)}, called
 * once per request as WebFlux takes it from the server: the request starts.
 */
final class WebHandlerAdapterInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return WebFluxModule.WEB_HANDLER_ADAPTER;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("createExchange").and(takesArguments(2)),
        "dev.metricsagent.instrumentation.webflux.WebFluxStartAdvice",
        "ServerWebExchange createExchange(ServerHttpRequest, ServerHttpResponse)");
  }
}
