package dev.metricsagent.instrumentation.jaxrs;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * {@code ApplicationHandler}: {@code handle(ContainerRequest)}, the entry every Jersey container
 * calls, times the request; {@code onStartup} lists the resource model once it is final.
 */
final class ApplicationHandlerInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return JaxrsModule.APPLICATION_HANDLER;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice
        .required(
            named("handle")
                .and(isPublic())
                .and(takesArguments(1))
                .and(takesArgument(0, named(JaxrsModule.REQUEST))),
            JerseyHandleAdvice.class,
            "void handle(ContainerRequest)")
        .optional(
            named("onStartup").and(isPublic()).and(takesArguments(1)), JerseyStartupAdvice.class);
  }
}
