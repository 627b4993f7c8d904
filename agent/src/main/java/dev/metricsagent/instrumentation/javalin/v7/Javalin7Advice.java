package dev.metricsagent.instrumentation.javalin.v7;

import dev.metricsagent.bridge.Bridge;
import dev.metricsagent.bridge.RequestState;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.servlet.JavalinServlet;
import io.javalin.router.Endpoint;
import io.javalin.router.InternalRouter;
import io.javalin.router.ParsedEndpoint;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;

/**
 * Advice for Javalin 7 (compiled against it for Java 17). Javalin 6 names the same things by
 * other members ({@code Endpoint}'s getters, a {@code Stream} of entries): {@code
 * v6.Javalin6Advice} is this class for it.
 */
public final class Javalin7Advice {
  private Javalin7Advice() {}

  /**
   * {@code JavalinServlet.handle(request, response)}: everything Javalin does for a request
   * (before-handlers, the handler, exception mappers, after-handlers, the response written).
   * Times it where no outer hook does. A request no handler named (a before-handler threw, HEAD
   * answered from the GET route, no route at all) gets Javalin's own lookup at exit: the route
   * it stood in front of, or none, and then {@code unmatched}.
   */
  public static final class Handle {
    private Handle() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static RequestState enter() {
      return Bridge.requestStart();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter RequestState state,
        @Advice.This JavalinServlet servlet,
        @Advice.Argument(0) HttpServletRequest request,
        @Advice.Argument(1) HttpServletResponse response,
        @Advice.Return Context ctx,
        @Advice.Thrown Throwable thrown) {
      Bridge.requestFailed(thrown); // names the exception label, where a profile has one
      InternalRouter router = servlet.getRouter();
      if (state != null && state.noRouteLookup() && ctx != null) {
        try {
          HandlerType method = ctx.method(); // honours X-HTTP-Method-Override, as routing does
          String uri = ctx.path();
          String contextPath = ctx.contextPath();
          if (uri.startsWith(contextPath)) {
            uri = uri.substring(contextPath.length());
          }
          ParsedEndpoint match = router.findFirstHttpHandlerEntry(method, uri);
          if (match == null && method == HandlerType.HEAD) {
            match = router.findFirstHttpHandlerEntry(HandlerType.GET, uri);
          }
          Bridge.routeFound(method.name(), match == null ? null : match.endpoint.path);
        } catch (Throwable ignored) {
          // recorded as unmatched; the request itself is still recorded below
        }
      }
      Bridge.routeTableInUse(router); // after attach: lists the routes registered before it
      String method = request.getMethod();
      String trace = Bridge.traceparentWanted() ? request.getHeader("traceparent") : null;
      if (thrown == null && request.isAsyncStarted()) {
        // ctx.future: ends when the async context completes (the servlet modules' hand-off;
        // nested in a servlet container's hook, only the outermost registers a listener)
        Object listener =
            Bridge.requestSuspended(state, AsyncListener.class, request, response, method, trace);
        if (listener != null) {
          try {
            request.setAttribute(Bridge.ASYNC_ATTRIBUTE, Boolean.TRUE);
            request.getAsyncContext().addListener((AsyncListener) listener);
          } catch (Throwable t) {
            Bridge.asyncRequestEnd(listener);
          }
        }
        return;
      }
      int status = thrown == null || response.isCommitted() ? response.getStatus() : 500;
      Bridge.requestEnd(state, request, response, method, status, trace);
    }
  }

  /**
   * {@code JavalinServletContext.update(endpoint, pathParams)}, called as each handler of a
   * request is about to run: an HTTP handler's path, as the app wrote it, names the request.
   */
  public static final class Update {
    private Update() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Endpoint endpoint) {
      HandlerType type = endpoint.method;
      if (type.isHttpMethod()) {
        Bridge.routeFound(type.name(), endpoint.path);
      }
    }
  }

  /** {@code InternalRouter.addHttpEndpoint(endpoint)}: every route feeds the inventory. */
  public static final class AddEndpoint {
    private AddEndpoint() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) Endpoint endpoint) {
      HandlerType type = endpoint.method;
      if (type.isHttpMethod()) {
        Bridge.routeAdded(type.name(), endpoint.path);
      }
    }
  }
}
