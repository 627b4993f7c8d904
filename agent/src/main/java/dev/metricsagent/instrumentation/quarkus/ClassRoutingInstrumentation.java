package dev.metricsagent.instrumentation.quarkus;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * {@code ClassRoutingHandler.handle(ResteasyReactiveRequestContext)}: RESTEasy Reactive picks the
 * resource method of the matched class for the request's HTTP method, and throws {@code
 * NotAllowedException} when the path matches a method of another (its 405).
 */
final class ClassRoutingInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return QuarkusRestModule.CLASS_ROUTING;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.optional(
        named("handle")
            .and(takesArguments(1))
            .and(takesArgument(0, named(QuarkusRestModule.REQUEST_CONTEXT))),
        "dev.metricsagent.instrumentation.quarkus.QuarkusRestNotAllowedAdvice");
  }
}
