package dev.metricsagent.instrumentation.jaxrs;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/** {@code ServerRuntime$Responder.writeResponse}: the response the client gets names it. */
final class ResponderInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return JaxrsModule.RESPONDER;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("writeResponse")
            .and(takesArguments(1))
            .and(takesArgument(0, named(JaxrsModule.RESPONSE))),
        JerseyResponderAdvice.class,
        "ContainerResponse writeResponse(ContainerResponse)");
  }
}
