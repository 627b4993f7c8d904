package dev.metricsagent.instrumentation.spark;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.RouteEvents;
import dev.metricsagent.bridge.RouteTables;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import spark.route.HttpMethod;
import spark.route.Routes;
import spark.routematch.RouteMatch;

/**
 * {@code spark.route.Routes}: the route lookup names the request; registrations, removals and
 * {@code clear} keep the route inventory. Only {@code find} is required: without the others the
 * inventory misses routes, and requests are still measured.
 */
final class RoutesInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return SparkModule.ROUTES;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice
        .required(
            named("find")
                .and(isPublic())
                .and(takesArguments(3))
                .and(takesArgument(0, named(SparkModule.HTTP_METHOD)))
                .and(returns(named(SparkModule.ROUTE_MATCH))),
            FindAdvice.class,
            "RouteMatch find(HttpMethod, String, String)")
        .optional( // addRoute before 2.6
            namedOneOf("add", "addRoute")
                .and(isPrivate())
                .and(takesArguments(4))
                .and(takesArgument(0, named(SparkModule.HTTP_METHOD)))
                .and(takesArgument(1, String.class)),
            AddAdvice.class)
        .optional(
            named("removeRoute")
                .and(takesArguments(2))
                .and(takesArgument(0, named(SparkModule.HTTP_METHOD)))
                .and(takesArgument(1, String.class))
                .and(returns(boolean.class)),
            RemoveAdvice.class)
        .optional(named("clear").and(isPublic()).and(takesArguments(0)), ClearAdvice.class);
  }

  /** The routed method and matched template (the first lookup of a request wins). */
  static final class FindAdvice {
    private FindAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(
        @Advice.This Routes routes,
        @Advice.Argument(0) HttpMethod method,
        @Advice.Return RouteMatch match) {
      Requests.routeFound(
          method == null ? null : method.name(), match == null ? null : match.getMatchUri());
      RouteTables.inUse(routes); // after attach: lists the routes registered before it
    }
  }

  /** Every route and filter the app registers; the core ignores filters (no HTTP method). */
  static final class AddAdvice {
    private AddAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(
        @Advice.Argument(0) HttpMethod method, @Advice.Argument(1) String path) {
      RouteEvents.added(method == null ? null : method.name(), path);
    }
  }

  /** {@code unmap(path[, method])}: a null method removes every method of the path. */
  static final class RemoveAdvice {
    private RemoveAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(
        @Advice.Argument(0) HttpMethod method,
        @Advice.Argument(1) String path,
        @Advice.Return boolean removed) {
      if (removed) {
        RouteEvents.removed(method == null ? null : method.name(), path);
      }
    }
  }

  /** {@code Spark.stop()} and friends drop every route. */
  static final class ClearAdvice {
    private ClearAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit() {
      RouteEvents.cleared();
    }
  }
}
