package dev.metricsagent.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.Bridge;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import javax.servlet.AsyncListener;
import javax.servlet.DispatcherType;
import javax.servlet.ServletContext;
import javax.servlet.ServletRegistration;
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

    /** See {@link TomcatInstrumentation.HostValveAdvice#exit}. */
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
