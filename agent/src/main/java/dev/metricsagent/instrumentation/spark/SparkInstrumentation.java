package dev.metricsagent.instrumentation.spark;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.Bridge;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Hook;
import java.util.Arrays;
import java.util.List;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;
import spark.route.HttpMethod;
import spark.route.Routes;
import spark.routematch.RouteMatch;

/**
 * SparkJava 2.x: times {@code MatcherFilter.doFilter} (static files, filters, route, error
 * handling and body serialisation: everything Spark does for a request), and takes the route
 * template from the first {@code Routes.find} inside it. A request a filter stopped before any
 * lookup gets one at exit, the same lookup Spark would have done. Route registrations ({@code
 * Routes.add}, {@code addRoute} before 2.6), removals and {@code clear} feed the route inventory.
 *
 * <p>Advice is inlined into Spark's classes and so may reference only Spark, servlet and JDK
 * types, and {@link Bridge} (on the bootstrap class path).
 */
public final class SparkInstrumentation implements InstrumentationModule {
  static final String MATCHER_FILTER = "spark.http.matching.MatcherFilter";
  static final String ROUTES = "spark.route.Routes";
  static final String STATIC_FILES = "spark.staticfiles.StaticFilesConfiguration";

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public RouteLister routeLister() {
    return new SparkRouteLister();
  }

  /** Each matcher is built when its type first loads: Byte Buddy stays out of premain. */
  @Override
  public List<Hook> hooks() {
    return Arrays.asList(
        new Hook(
            MATCHER_FILTER,
            SparkInstrumentation::doFilter,
            RequestAdvice.class.getName(),
            "doFilter(ServletRequest, ServletResponse, FilterChain)"),
        new Hook(
            ROUTES,
            SparkInstrumentation::find,
            FindAdvice.class.getName(),
            "RouteMatch find(HttpMethod, String, String)"),
        // optional: without them the inventory misses routes, requests are still measured
        new Hook(ROUTES, SparkInstrumentation::add, AddAdvice.class.getName(), null),
        new Hook(ROUTES, SparkInstrumentation::removeRoute, RemoveAdvice.class.getName(), null),
        new Hook(ROUTES, SparkInstrumentation::clear, ClearAdvice.class.getName(), null),
        new Hook(
            STATIC_FILES, SparkInstrumentation::consume, StaticFilesAdvice.class.getName(), null));
  }

  private static ElementMatcher<? super MethodDescription> doFilter() {
    return named("doFilter")
        .and(isPublic())
        .and(takesArguments(3))
        .and(takesArgument(0, named("javax.servlet.ServletRequest")))
        .and(takesArgument(1, named("javax.servlet.ServletResponse")));
  }

  private static ElementMatcher<? super MethodDescription> find() {
    return named("find")
        .and(isPublic())
        .and(takesArguments(3))
        .and(takesArgument(0, named("spark.route.HttpMethod")))
        .and(returns(named("spark.routematch.RouteMatch")));
  }

  private static ElementMatcher<? super MethodDescription> consume() {
    return named("consume").and(isPublic()).and(takesArguments(2)).and(returns(boolean.class));
  }

  /** private add(HttpMethod, String path, String acceptType, Object target); addRoute before 2.6 */
  private static ElementMatcher<? super MethodDescription> add() {
    return named("add")
        .or(named("addRoute"))
        .and(isPrivate())
        .and(takesArguments(4))
        .and(takesArgument(0, named("spark.route.HttpMethod")))
        .and(takesArgument(1, String.class));
  }

  private static ElementMatcher<? super MethodDescription> removeRoute() {
    return named("removeRoute")
        .and(takesArguments(2))
        .and(takesArgument(0, named("spark.route.HttpMethod")))
        .and(takesArgument(1, String.class))
        .and(returns(boolean.class));
  }

  private static ElementMatcher<? super MethodDescription> clear() {
    return named("clear").and(isPublic()).and(takesArguments(0));
  }

  /** Around {@code MatcherFilter.doFilter}: one request, from entry to the status sent. */
  public static final class RequestAdvice {
    private RequestAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static RequestState enter() {
      return Bridge.requestStart();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter RequestState state,
        @Advice.Argument(0) ServletRequest request,
        @Advice.Argument(1) ServletResponse response,
        @Advice.FieldValue("routeMatcher") Routes routes,
        @Advice.Thrown Throwable thrown) {
      HttpServletRequest req = (HttpServletRequest) request;
      HttpServletResponse http = (HttpServletResponse) response;
      if (state != null && state.noRouteLookup() && routes != null) {
        // Stopped before routing (a filter halted or threw): look the route up as Spark would
        // have, method override and HEAD-as-GET included. Never reached on the normal path.
        try {
          String m = req.getHeader("X-HTTP-Method-Override");
          HttpMethod method = HttpMethod.get((m != null ? m : req.getMethod()).toLowerCase());
          String accept = req.getHeader("Accept");
          RouteMatch match = routes.find(method, req.getRequestURI(), accept);
          if (match == null && method == HttpMethod.head) {
            match = routes.find(HttpMethod.get, req.getRequestURI(), accept);
          }
          if (match != null) {
            Bridge.routeFoundLate(state, method.name(), match.getMatchUri());
          }
        } catch (Throwable ignored) {
          // recorded as unmatched; the request itself must still be recorded below
        }
      }
      // an exception escaping Spark becomes the container's 500 unless a status was already sent
      int status = thrown == null || http.isCommitted() ? http.getStatus() : 500;
      Bridge.requestEnd(
          state,
          request,
          response,
          req.getMethod(),
          status,
          Bridge.traceparentWanted() ? req.getHeader("traceparent") : null);
    }
  }

  /** After {@code Routes.find}: the routed method and the matched template (first one wins). */
  public static final class FindAdvice {
    private FindAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(
        @Advice.This Object routes,
        @Advice.Argument(0) HttpMethod method,
        @Advice.Return RouteMatch match) {
      Bridge.routeFound(method == null ? null : method.name(), match == null ? null : match.getMatchUri());
      Bridge.routeTableInUse(routes); // after attach: lists the routes registered before it
    }
  }

  /** After {@code StaticFilesConfiguration.consume}: a static file answered the request. */
  public static final class StaticFilesAdvice {
    private StaticFilesAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return boolean consumed) {
      if (consumed) {
        Bridge.staticResourceServed();
      }
    }
  }

  /** After the private {@code Routes.add}: every route and filter the app registers. */
  public static final class AddAdvice {
    private AddAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) HttpMethod method, @Advice.Argument(1) String path) {
      if (method != null) {
        Bridge.routeAdded(method.name(), path);
      }
    }
  }

  /** After {@code Routes.removeRoute}: {@code unmap(path[, method])}; null method means all. */
  public static final class RemoveAdvice {
    private RemoveAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(
        @Advice.Argument(0) HttpMethod method,
        @Advice.Argument(1) String path,
        @Advice.Return boolean removed) {
      if (removed) {
        Bridge.routeRemoved(method == null ? null : method.name(), path);
      }
    }
  }

  /** After {@code Routes.clear}: {@code Spark.stop()} and friends drop every route. */
  public static final class ClearAdvice {
    private ClearAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit() {
      Bridge.routesCleared();
    }
  }
}
