package dev.metricsagent.instrumentation.micronaut;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * {@code RoutingInBoundHandler.responseWritten(Object)}: the server wrote the last part of a
 * request's response, or dropped it as the connection closed; called once per response, on the
 * connection's event loop, with the request as its argument: the request ends.
 */
final class RoutingHandlerInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return MicronautModule.ROUTING_HANDLER;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("responseWritten").and(takesArguments(1)),
        "dev.metricsagent.instrumentation.micronaut.MicronautEndAdvice",
        "void responseWritten(Object)");
  }
}
