package dev.metricsagent.instrumentation.micronaut;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * {@code RouteExecutor.setRouteAttributes(HttpRequest, UriRouteMatch)}: Micronaut attaches the
 * route it matched to the request (its match, info and URI template), before the filters that
 * run after routing: the request is named. Error and status routes use the other overload (a
 * {@code RouteMatch}), so they never rename it. {@code createDefaultErrorResponse(HttpRequest,
 * Throwable)}: an exception nothing handled, the request's {@code exception}.
 */
final class RouteExecutorInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return MicronautModule.ROUTE_EXECUTOR;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice
        .required(
            named("setRouteAttributes")
                .and(isStatic())
                .and(takesArguments(2))
                .and(takesArgument(1, named("io.micronaut.web.router.UriRouteMatch"))),
            "dev.metricsagent.instrumentation.micronaut.MicronautRouteAdvice",
            "static void setRouteAttributes(HttpRequest, UriRouteMatch)")
        .optional(
            named("createDefaultErrorResponse").and(takesArguments(2)),
            "dev.metricsagent.instrumentation.micronaut.MicronautErrorAdvice");
  }
}
