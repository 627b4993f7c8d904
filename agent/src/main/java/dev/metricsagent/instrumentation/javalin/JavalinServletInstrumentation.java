package dev.metricsagent.instrumentation.javalin;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.RouteTables;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;

/**
 * {@code JavalinServlet.handle(request, response)}: everything Javalin does for a request
 * (before-handlers, the handler, exception mappers, after-handlers, the response written). The
 * same in Javalin 6 and 7; its advice names only the servlet API, so it is built with the agent.
 */
final class JavalinServletInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return JavalinReferences.SERVLET;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("handle")
            .and(isPublic())
            .and(takesArguments(2))
            .and(takesArgument(0, named(JavalinReferences.REQUEST)))
            .and(takesArgument(1, named(JavalinReferences.RESPONSE))),
        HandleAdvice.class,
        "Context handle(HttpServletRequest, HttpServletResponse)");
  }

  /**
   * Times the request where no outer hook does. A request no handler named (a before-handler
   * threw, HEAD answered from the GET route, no route at all) gets Javalin's own lookup at exit
   * ({@link JavalinRouteFinder}): the route it stood in front of, or none. A {@code ctx.future}
   * ends when its async context completes; nested in a servlet container's hook, only the
   * outermost hands it off.
   */
  static final class HandleAdvice {
    private HandleAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static RequestState enter() {
      return Requests.start();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter RequestState state,
        @Advice.This Object servlet,
        @Advice.Argument(0) HttpServletRequest request,
        @Advice.Argument(1) HttpServletResponse response,
        @Advice.Return Object ctx,
        @Advice.Thrown Throwable thrown) {
      RouteTables.inUse(servlet); // after attach: lists the routes registered before it
      if (state != null) {
        state.answered(request.getMethod(), response.getStatus(), response.isCommitted(), thrown);
        state.traceparent(state.traceparentWanted() ? request.getHeader("traceparent") : null);
        state.asyncStarted(thrown == null && request.isAsyncStarted());
        Requests.findLate(JavalinReferences.NAME, servlet, ctx, state);
        Requests.end(state, request, response, AsyncListener.class);
      }
    }
  }
}
