package dev.metricsagent.instrumentation.javalin.common;

import dev.metricsagent.bridge.Bridge;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import net.bytebuddy.asm.Advice;

/**
 * {@code ctx.future(...)} on Javalin 6 and 7 ({@code JavalinServlet}'s private {@code
 * handleUserFuture} and {@code writeResponseAndLog}, the same in both): a request whose outermost
 * hook is Javalin's own ends when its response is written, on whatever thread completes the
 * future (or Jetty's, on a timeout). Uses only members Javalin 6 and 7 share; compiled against
 * Javalin 6 for Java 11.
 */
public final class AsyncAdvice {
  /** Request attribute holding the bridge's handle of a request handed off to another thread. */
  static final String HANDLE = "dev.metricsagent.async";

  private AsyncAdvice() {}

  /**
   * {@code handleUserFuture(ctx)}, before Javalin starts async handling: the request is handed
   * off before any other thread can complete it. Nothing when an outer hook (the servlet
   * container's) times the request, or when it was handed off already.
   */
  public static final class Started {
    private Started() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Context ctx) {
      Object handle = Bridge.requestAsync();
      if (handle != null) {
        ctx.req().setAttribute("dev.metricsagent.async", handle);
      }
    }
  }

  /**
   * {@code writeResponseAndLog(ctx)}: the status is final when it starts (it writes the result
   * and completes the async context, after which Jetty may recycle the request on another
   * thread: everything is read at entry); the request ends when it returns. On the synchronous
   * path (the common one) one thread-local read decides that there is nothing to do.
   */
  public static final class Written {
    private Written() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.Argument(0) Context ctx,
        @Advice.Local("status") int status,
        @Advice.Local("method") String method,
        @Advice.Local("traceparent") String traceparent) {
      if (!Bridge.asyncEndPossible()) {
        return null;
      }
      HttpServletRequest req = ctx.req();
      Object handle = req.getAttribute("dev.metricsagent.async");
      if (handle != null) {
        req.removeAttribute("dev.metricsagent.async");
        status = ctx.res().getStatus();
        method = req.getMethod();
        traceparent = Bridge.traceparentWanted() ? req.getHeader("traceparent") : null;
      }
      return handle;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter Object handle,
        @Advice.Argument(0) Context ctx,
        @Advice.Local("status") int status,
        @Advice.Local("method") String method,
        @Advice.Local("traceparent") String traceparent) {
      if (handle != null) {
        Bridge.asyncEnd(handle, ctx.req(), ctx.res(), method, status, traceparent);
      }
    }
  }
}
