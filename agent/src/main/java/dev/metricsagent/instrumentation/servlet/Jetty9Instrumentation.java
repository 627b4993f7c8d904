package dev.metricsagent.instrumentation.servlet;

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
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.http.pathmap.MatchedResource;
import org.eclipse.jetty.servlet.ServletHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * Jetty 9.4 ({@code javax.servlet} 3.1): the hook of {@link Jetty11Instrumentation}. Servlet 3.1
 * has no {@code getHttpServletMapping()}; the pattern comes from Jetty's own servlet mapping
 * instead ({@code ServletHandler.getMatchedServlet(target)}, the lookup Jetty made for this
 * request), which gives the same string: {@code /items/*}, {@code *.do}, {@code /hello}, {@code /}.
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
        @Advice.This ServletHandler handler,
        @Advice.Argument(0) String target,
        @Advice.Argument(2) HttpServletRequest req,
        @Advice.Argument(3) HttpServletResponse resp,
        @Advice.Thrown Throwable thrown) {
      Bridge.requestFailed(thrown); // names the exception label, where a profile has one
      if (state == null) {
        return;
      }
      try {
        MatchedResource<ServletHolder> matched = handler.getMatchedServlet(target);
        if (matched != null && matched.getPathSpec() != null) {
          String servlet = matched.getResource().getName();
          if (servlet == null || servlet.indexOf("$Default404Servlet") < 0) {
            Bridge.containerRouteFound(state, matched.getPathSpec().getDeclaration());
          }
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
