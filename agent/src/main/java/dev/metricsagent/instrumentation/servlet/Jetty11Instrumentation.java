package dev.metricsagent.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.Bridge;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
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
          || req.getAttribute(Bridge.ASYNC_ATTRIBUTE) != null) {
        return null;
      }
      try {
        ServletContext context = req.getServletContext();
        if (Bridge.routeTableFirstSeen(context)) {
          for (ServletRegistration r : context.getServletRegistrations().values()) {
            if ((r.getName() == null || r.getName().indexOf("$Default404Servlet") < 0)
                && !Bridge.frameworkServlet(r.getClassName())) {
              for (String mapping : r.getMappings()) {
                Bridge.routeAdded(Bridge.ANY_METHOD, mapping);
              }
            }
          }
        }
      } catch (Throwable inventoryOnly) {
        // the request is still measured
      }
      return Bridge.requestStart();
    }

    /** See {@link TomcatInstrumentation.HostValveAdvice#exit}. */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter RequestState state,
        @Advice.Argument(2) HttpServletRequest req,
        @Advice.Argument(3) HttpServletResponse resp,
        @Advice.Thrown Throwable thrown) {
      Bridge.requestFailed(thrown); // names the exception label, where a profile has one
      if (state == null) {
        return;
      }
      try {
        HttpServletMapping mapping = req.getHttpServletMapping();
        String pattern = mapping == null ? null : mapping.getPattern();
        String servlet = mapping == null ? null : mapping.getServletName();
        if (pattern != null
            && !pattern.isEmpty()
            && (servlet == null || servlet.indexOf("$Default404Servlet") < 0)) {
          Bridge.containerRouteFound(state, pattern);
        }
      } catch (Throwable unnamed) {
        // recorded as unmatched
      }
      String method = null;
      String trace = null;
      int status = 500;
      try {
        method = req.getMethod();
        trace = Bridge.traceparentWanted() ? req.getHeader("traceparent") : null;
        if (thrown == null && req.isAsyncStarted()) {
          Object listener =
              Bridge.requestSuspended(state, AsyncListener.class, req, resp, method, trace);
          if (listener != null) {
            try {
              req.setAttribute(Bridge.ASYNC_ATTRIBUTE, Boolean.TRUE);
              req.getAsyncContext().addListener((AsyncListener) listener);
            } catch (Throwable t) {
              Bridge.asyncRequestEnd(listener);
            }
          }
          return;
        }
        status = thrown == null || resp.isCommitted() ? resp.getStatus() : 500;
      } catch (Throwable unreadable) {
        // ended below all the same: a request left open would swallow every later one on this
        // thread as a nested call
      }
      Bridge.requestEnd(state, req, resp, method, status, trace);
    }
  }
}
