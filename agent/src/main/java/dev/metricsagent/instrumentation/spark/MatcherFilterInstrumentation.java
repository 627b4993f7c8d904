package dev.metricsagent.instrumentation.spark;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;
import spark.route.Routes;

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
      return Requests.start();
    }

    /**
     * A request a filter stopped before routing (halted or threw) gets the route Spark would have
     * matched ({@link SparkRouteFinder}); never looked up on the normal path.
     */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter RequestState state,
        @Advice.Argument(0) ServletRequest request,
        @Advice.Argument(1) ServletResponse response,
        @Advice.FieldValue("routeMatcher") Routes routes,
        @Advice.Thrown Throwable thrown) {
      HttpServletRequest req = (HttpServletRequest) request;
      HttpServletResponse http = (HttpServletResponse) response;
      if (state != null) {
        state.answered(req.getMethod(), http.getStatus(), http.isCommitted(), thrown);
        state.traceparent(state.traceparentWanted() ? req.getHeader("traceparent") : null);
        Requests.findLate(SparkModule.NAME, routes, req, state);
        Requests.end(state, request, response);
      }
    }
  }
}
