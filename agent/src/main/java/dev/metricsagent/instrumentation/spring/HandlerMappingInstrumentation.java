package dev.metricsagent.instrumentation.spring;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * A handler mapping's {@code afterPropertiesSet} (its routes are registered), hooked alike in
 * {@code AbstractHandlerMethodMapping} (annotated controllers) and {@code RouterFunctionMapping}
 * (functional routes), and in WebFlux's classes of those names: the mapping is listed into the
 * route inventory once.
 */
public final class HandlerMappingInstrumentation implements TypeInstrumentation {
  private final String typeName;

  public HandlerMappingInstrumentation(String typeName) {
    this.typeName = typeName;
  }

  @Override
  public String typeName() {
    return typeName;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.optional(named("afterPropertiesSet").and(takesArguments(0)), RouteTableAdvice.class);
  }
}
