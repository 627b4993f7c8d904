package dev.metricsagent.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
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
 * Tomcat 10.1 and 11 ({@code jakarta.servlet}): {@code StandardHostValve.invoke}, the valve that
 * hands a request to its web app and renders the app's error pages afterwards. Every request of
 * a host passes here once (also those no servlet mapping serves, which never reach a filter
 * chain), forwards and includes never do, and error pages run inside it, so the status at its
 * exit is the one the client gets. An async request comes back through it (async dispatch,
 * timeout): the attribute {@link Bridge#ASYNC_ATTRIBUTE} tells those apart from a new request.
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
     * A new request, not a later dispatch of one already counted; on the first request of a web
     * app, its servlet mappings go to the route inventory.
     */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static RequestState enter(@Advice.Argument(0) HttpServletRequest req) {
      if (req.getDispatcherType() != DispatcherType.REQUEST
          || req.getAttribute(Bridge.ASYNC_ATTRIBUTE) != null) {
        return null;
      }
      try {
        ServletContext context = req.getServletContext();
        if (Bridge.routeTableFirstSeen(context)) {
          for (ServletRegistration r : context.getServletRegistrations().values()) {
            if (!Bridge.frameworkServlet(r.getClassName())) {
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

    /**
     * Named by its servlet mapping unless a framework inside named it; ended now, or when its
     * async context completes. An exception escaping the valve is the container's 500.
     */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter RequestState state,
        @Advice.Argument(0) HttpServletRequest req,
        @Advice.Argument(1) HttpServletResponse resp,
        @Advice.Thrown Throwable thrown) {
      Bridge.requestFailed(thrown); // names the exception label, where a profile has one
      if (state == null) {
        return;
      }
      try {
        HttpServletMapping mapping = req.getHttpServletMapping();
        String pattern = mapping == null ? null : mapping.getPattern();
        if (pattern != null && !pattern.isEmpty()) { // "": no servlet mapped (Tomcat's 404)
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
