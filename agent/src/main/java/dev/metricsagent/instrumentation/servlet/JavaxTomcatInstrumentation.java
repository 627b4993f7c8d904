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
import javax.servlet.AsyncListener;
import javax.servlet.DispatcherType;
import javax.servlet.ServletContext;
import javax.servlet.http.HttpServletMapping;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;

/**
 * Tomcat 9 ({@code javax.servlet} 4.0): the same hook and advice as {@link TomcatInstrumentation}
 * (Tomcat 10.1 and 11), with the javax types.
 */
final class JavaxTomcatInstrumentation implements TypeInstrumentation {
  static final String HOST_VALVE = TomcatInstrumentation.HOST_VALVE;

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
            .and(takesArgument(0, hasSuperType(named("javax.servlet.http.HttpServletRequest"))))
            .and(takesArgument(1, named("org.apache.catalina.connector.Response"))),
        HostValveAdvice.class,
        "invoke(Request, Response)");
  }

  static final class HostValveAdvice {
    private HostValveAdvice() {}

    /** See {@link TomcatInstrumentation.HostValveAdvice#enter}. */
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

    /** See {@link TomcatInstrumentation.HostValveAdvice#exit}. */
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
