package dev.metricsagent.instrumentation.servlet;

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
 * Jetty 11 ({@code jakarta.servlet}): {@code ServletHandler.doHandle}, where a servlet context
 * runs its filters and servlet. Forwards, includes, error pages and async dispatches come back
 * through it with their own dispatcher type and are not new requests. Jetty answers an unmapped
 * path with its {@code Default404Servlet} on {@code /}: that is {@code unmatched}, not {@code /}.
 */
final class Jetty11Instrumentation implements TypeInstrumentation {
  static final String SERVLET_HANDLER = "org.eclipse.jetty.servlet.ServletHandler";

  @Override
  public String typeName() {
    return SERVLET_HANDLER;
  }

  @Override
  public void advise(TypeAdvice advice) {
    // optional: the jakarta module must not call Jetty 9.4's javax ServletHandler (same class
    // name) an unsupported version where both APIs share a class loader
    advice.optional(
        named("doHandle")
            .and(takesArguments(4))
            .and(takesArgument(2, named("jakarta.servlet.http.HttpServletRequest")))
            .and(takesArgument(3, named("jakarta.servlet.http.HttpServletResponse"))),
        DoHandleAdvice.class);
  }

  static final class DoHandleAdvice {
    private DoHandleAdvice() {}

    /** See {@link TomcatInstrumentation.HostValveAdvice#enter}. */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static RequestState enter(@Advice.Argument(2) HttpServletRequest req) {
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
        @Advice.Argument(2) HttpServletRequest req,
        @Advice.Argument(3) HttpServletResponse resp,
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
