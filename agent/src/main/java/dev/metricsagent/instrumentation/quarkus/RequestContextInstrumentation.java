package dev.metricsagent.instrumentation.quarkus;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * {@code ResteasyReactiveRequestContext.restart(RuntimeResource, boolean)}: RESTEasy Reactive
 * chose the resource method to run (its class routing, or, with {@code true}, a sub-resource
 * locator's result).
 */
final class RequestContextInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return QuarkusRestModule.REQUEST_CONTEXT;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("restart")
            .and(takesArguments(2))
            .and(
                takesArgument(
                    0, named("org.jboss.resteasy.reactive.server.mapping.RuntimeResource"))),
        "dev.metricsagent.instrumentation.quarkus.QuarkusRestTargetAdvice",
        "void restart(RuntimeResource, boolean)");
  }
}
