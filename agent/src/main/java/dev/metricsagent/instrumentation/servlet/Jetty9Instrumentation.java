package dev.metricsagent.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.AsyncHandOff;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.RouteTables;
import dev.metricsagent.bridge.ServletPatterns;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import javax.servlet.AsyncListener;
import javax.servlet.DispatcherType;
import javax.servlet.ServletContext;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.http.pathmap.MatchedResource;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.UserIdentity;
import org.eclipse.jetty.servlet.ServletHandler;

/**
 * Jetty 9.4 ({@code javax.servlet} 3.1) and 10 ({@code javax.servlet} 4.0): the hook of {@link
 * Jetty11Instrumentation}. Servlet 3.1 has no {@code getHttpServletMapping()}; the pattern comes
 * from Jetty's own servlet mapping instead ({@code ServletHandler.getMatchedServlet(target)}, the
 * lookup Jetty made for this request), which gives the same string: {@code /items/*}, {@code
 * *.do}, {@code /hello}, {@code /}.
 */
final class Jetty9Instrumentation implements TypeInstrumentation {
  static final String SERVLET_HANDLER = Jetty11Instrumentation.SERVLET_HANDLER;

  @Override
  public String typeName() {
    return SERVLET_HANDLER;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("doHandle")
            .and(takesArguments(4))
            .and(takesArgument(0, named("java.lang.String")))
            .and(takesArgument(2, named("javax.servlet.http.HttpServletRequest")))
            .and(takesArgument(3, named("javax.servlet.http.HttpServletResponse"))),
        DoHandleAdvice.class,
        "doHandle(String, Request, HttpServletRequest, HttpServletResponse)");
  }

  static final class DoHandleAdvice {
    private DoHandleAdvice() {}

    /**
     * See {@link TomcatInstrumentation.HostValveAdvice#enter}. The pattern is Jetty's lookup for
     * the target, the same at entry and exit: made at the exit, where it names the request only
     * if no framework did.
     */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static RequestState enter(@Advice.Argument(2) HttpServletRequest req) {
      if (req.getDispatcherType() != DispatcherType.REQUEST
          || req.getAttribute(AsyncHandOff.ATTRIBUTE) != null) {
        return null;
      }
      ServletContext context = req.getServletContext();
      RequestState state = Requests.start(context.getContextPath());
      RouteTables.inUse(context); // its first request lists its mappings, under its path
      state.traceparent(state.traceparentWanted() ? req.getHeader("traceparent") : null);
      return state;
    }

    /**
     * See {@link TomcatInstrumentation.HostValveAdvice#exit}; the pattern is named only for a
     * request no framework named. The servlet's holder (the request's scope, the servlet Jetty
     * dispatched to) mapped under one pattern gives it ({@link ServletPatterns}); else Jetty's
     * lookup for the target (the lookup's resource is a {@code ServletHolder} on 9.4, a {@code
     * MappedServlet} on 10).
     */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter RequestState state, @Advice.This ServletHandler h,
        @Advice.Argument(0) String target, @Advice.Argument(1) Request base,
        @Advice.Argument(2) HttpServletRequest req, @Advice.Argument(3) HttpServletResponse resp,
        @Advice.Thrown Throwable thrown) {
      if (state != null) {
        try {
          state.answered(req.getMethod(), resp.getStatus(), resp.isCommitted(), thrown);
          state.asyncStarted(thrown == null && req.isAsyncStarted());
          UserIdentity.Scope sc = state.containerRouteWanted() ? base.getUserIdentityScope() : null;
          String name = sc == null ? null : sc.getName(); // no scope: nothing to name it by
          String p = sc == null ? null : ServletPatterns.sole(h.getServletMappings(), sc, name);
          MatchedResource<?> m = p == null && sc != null ? h.getMatchedServlet(target) : null;
          p = m == null || m.getPathSpec() == null ? p : m.getPathSpec().getDeclaration();
          Requests.containerRouteFound(state, p, name);
        } finally {
          Requests.end(state, req, resp, AsyncListener.class);
        }
      }
    }
  }
}
