package dev.metricsagent.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.AsyncHandOff;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.RouteTables;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;

/**
 * Tomcat 10.1 and 11 ({@code jakarta.servlet}): {@code StandardHostValve.invoke}, the valve that
 * hands a request to its web app and renders the app's error pages afterwards. Every request of
 * a host passes here once (also those no servlet mapping serves, which never reach a filter
 * chain), forwards and includes never do, and error pages run inside it, so the status at its
 * exit is the one the client gets. An async request comes back through it (async dispatch,
 * timeout): the attribute {@link AsyncHandOff#ATTRIBUTE} tells those apart from a new request.
 */
final class TomcatInstrumentation implements TypeInstrumentation {
  static final String HOST_VALVE = "org.apache.catalina.core.StandardHostValve";

  @Override
  public String typeName() {
    return HOST_VALVE;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("invoke")
            .and(takesArguments(2))
            .and(takesArgument(0, named("org.apache.catalina.connector.Request")))
            // Tomcat 9 is javax, 10.1+ jakarta: the advice binds only to its own API
            .and(takesArgument(0, hasSuperType(named("jakarta.servlet.http.HttpServletRequest"))))
            .and(takesArgument(1, named("org.apache.catalina.connector.Response"))),
        HostValveAdvice.class,
        "invoke(Request, Response)");
  }

  static final class HostValveAdvice {
    private HostValveAdvice() {}

    /**
     * A new request, not a later dispatch of one already counted (an async dispatch carries
     * {@link AsyncHandOff#ATTRIBUTE}).
     */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static RequestState enter(@Advice.Argument(0) HttpServletRequest req) {
      if (req.getDispatcherType() != DispatcherType.REQUEST
          || req.getAttribute(AsyncHandOff.ATTRIBUTE) != null) {
        return null;
      }
      ServletContext context = req.getServletContext();
      RequestState state = Requests.start(context.getContextPath());
      RouteTables.inUse(context); // its first request lists its mappings, under its path
      return state;
    }

    /**
     * Named by its servlet mapping unless a framework inside named it; ended now, or when its
     * async context completes. Ended whatever the reads throw: a request left open would swallow
     * every later one on this thread as a nested call.
     */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter RequestState state,
        @Advice.Argument(0) HttpServletRequest req,
        @Advice.Argument(1) HttpServletResponse resp,
        @Advice.Thrown Throwable thrown) {
      if (state == null) {
        return;
      }
      try {
        state.answered(req.getMethod(), resp.getStatus(), resp.isCommitted(), thrown);
        state.traceparent(state.traceparentWanted() ? req.getHeader("traceparent") : null);
        state.asyncStarted(thrown == null && req.isAsyncStarted());
        HttpServletMapping m = state.containerRouteWanted() ? req.getHttpServletMapping() : null;
        Requests.containerRouteFound(
            state, m == null ? null : m.getPattern(), m == null ? null : m.getServletName());
      } finally {
        Requests.end(state, req, resp, AsyncListener.class);
      }
    }
  }
}
