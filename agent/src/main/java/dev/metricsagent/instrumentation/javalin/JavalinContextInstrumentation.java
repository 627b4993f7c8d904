package dev.metricsagent.instrumentation.javalin;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * {@code JavalinServletContext.update(...)}, called as each handler of a request is about to run:
 * an HTTP handler's path names the request. Its first parameter and the advice differ per version
 * ({@code ParsedEndpoint} in 6, {@code Endpoint} in 7); the advice is named by binary name, as it
 * is built for a newer Java than the agent.
 */
final class JavalinContextInstrumentation implements TypeInstrumentation {
  private final String firstParameter;
  private final String describedAs;
  private final String adviceClass;

  JavalinContextInstrumentation(String firstParameter, String describedAs, String adviceClass) {
    this.firstParameter = firstParameter;
    this.describedAs = describedAs;
    this.adviceClass = adviceClass;
  }

  @Override
  public String typeName() {
    return JavalinReferences.SERVLET_CONTEXT;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("update")
            .and(not(isStatic()))
            .and(takesArguments(2))
            .and(takesArgument(0, named(firstParameter))),
        adviceClass,
        describedAs);
  }
}
