package dev.metricsagent.instrumentation.webflux;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * {@code ServerRequestObservationContext.setPathPattern(String)}: WebFlux's handler mappings
 * (annotated, functional, URL) report the pattern they matched here, for every request, whether
 * or not an observation registry is configured: the request is named.
 */
final class ObservationContextInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return WebFluxModule.OBSERVATION_CONTEXT;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("setPathPattern").and(takesArguments(1)),
        "dev.metricsagent.instrumentation.webflux.WebFluxRouteAdvice",
        "void setPathPattern(String)");
  }
}
