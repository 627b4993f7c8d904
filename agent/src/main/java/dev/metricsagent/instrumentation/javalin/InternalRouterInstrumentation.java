package dev.metricsagent.instrumentation.javalin;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * {@code InternalRouter.addHttpEndpoint(Endpoint)}: every route feeds the inventory. The advice
 * differs per version ({@code Endpoint}'s getters or fields) and is named by binary name.
 */
final class InternalRouterInstrumentation implements TypeInstrumentation {
  private final String adviceClass;

  InternalRouterInstrumentation(String adviceClass) {
    this.adviceClass = adviceClass;
  }

  @Override
  public String typeName() {
    return JavalinReferences.ROUTER;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.optional(
        named("addHttpEndpoint")
            .and(takesArguments(1))
            .and(takesArgument(0, named(JavalinReferences.ENDPOINT))),
        adviceClass);
  }
}
