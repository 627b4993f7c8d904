package dev.metricsagent.instrumentation.spring;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/** {@code ResourceHttpRequestHandler.handleRequest}: a file served is {@code static}. */
final class ResourceHandlerInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return SpringModule.RESOURCE_HANDLER;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.optional(
        named("handleRequest")
            .and(isPublic())
            .and(takesArguments(2))
            .and(takesArgument(0, named(SpringModule.HTTP_REQUEST)))
            .and(takesArgument(1, named(SpringModule.HTTP_RESPONSE))),
        ResourceHandlerAdvice.class);
  }
}
