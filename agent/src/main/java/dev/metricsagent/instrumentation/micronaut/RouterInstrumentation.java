package dev.metricsagent.instrumentation.micronaut;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Collection;

/**
 * {@code DefaultRouter(Collection<RouteBuilder>)}: the app's router is built from its route
 * builders as the server starts: its routes are listed.
 */
final class RouterInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return "io.micronaut.web.router.DefaultRouter";
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.optional(
        isConstructor().and(takesArguments(1)).and(takesArgument(0, Collection.class)),
        "dev.metricsagent.instrumentation.micronaut.MicronautRouterAdvice");
  }
}
