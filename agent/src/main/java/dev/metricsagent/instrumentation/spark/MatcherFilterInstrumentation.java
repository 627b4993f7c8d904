package dev.metricsagent.instrumentation.spark;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.Bridge;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;
import spark.route.HttpMethod;
import spark.route.Routes;
import spark.routematch.RouteMatch;

/** {@code MatcherFilter.doFilter}: one request, from entry to the status the client got. */
final class MatcherFilterInstrumentation implements TypeInstrumentation {
  static final String MATCHER_FILTER = "spark.http.matching.MatcherFilter";

  @Override
  public String typeName() {
    return MATCHER_FILTER;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("doFilter")
            .and(isPublic())
            .and(takesArguments(3))
            .and(takesArgument(0, named("javax.servlet.ServletRequest")))
            .and(takesArgument(1, named("javax.servlet.ServletResponse"))),
        RequestAdvice.class,
        "doFilter(ServletRequest, ServletResponse, FilterChain)");
  }

  static final class RequestAdvice {
    private RequestAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static RequestState enter() {
      return Bridge.requestStart();
    }

    /**
     * A request a filter stopped before routing (halted or threw) gets the route Spark would have
     * matched: the same lookup, method override and HEAD-as-GET included; never reached on the
     * normal path. An exception escaping Spark is the container's 500 unless a status was sent.
     */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter RequestState state,
        @Advice.Argument(0) ServletRequest request,
        @Advice.Argument(1) ServletResponse response,
        @Advice.FieldValue("routeMatcher") Routes routes,
        @Advice.Thrown Throwable thrown) {
      Bridge.requestFailed(thrown); // names the exception label, where a profile has one
      HttpServletRequest req = (HttpServletRequest) request;
      HttpServletResponse http = (HttpServletResponse) response;
      if (state != null && state.noRouteLookup() && routes != null) {
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
          // recorded as unmatched; the request itself is still recorded below
        }
      }
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
}
