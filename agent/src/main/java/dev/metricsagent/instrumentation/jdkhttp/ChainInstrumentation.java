package dev.metricsagent.instrumentation.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.metricsagent.bridge.Bridge;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import net.bytebuddy.asm.Advice;

/**
 * {@code Filter.Chain.doFilter}: the server calls it once per request with the context's filters
 * and handler; each filter's own {@code chain.doFilter} nests inside (depth-counted).
 */
final class ChainInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return JdkHttpModule.API + "Filter$Chain";
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("doFilter")
            .and(takesArguments(1))
            .and(takesArgument(0, named(JdkHttpModule.API + "HttpExchange"))),
        DoFilterAdvice.class,
        "doFilter(HttpExchange)");
  }

  static final class DoFilterAdvice {
    private DoFilterAdvice() {}

    /** A request, unless it is one of the agent's own exporter. */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static RequestState enter(@Advice.Argument(0) HttpExchange exchange) {
      HttpContext context = exchange.getHttpContext();
      HttpHandler handler = context == null ? null : context.getHandler();
      if (Bridge.ownHandler(handler)) {
        return null; // the agent's own exporter
      }
      return Bridge.requestStart();
    }

    /**
     * Named by the context path; the status sent, or 500 when the handler never answered (it
     * threw, and the server closes the connection).
     */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter RequestState state, @Advice.Argument(0) HttpExchange exchange) {
      if (state == null) {
        return;
      }
      try {
        Bridge.containerRouteFound(state, exchange.getHttpContext().getPath());
      } catch (Throwable unnamed) {
        // recorded as unmatched
      }
      String method = null;
      String trace = null;
      int code = -1;
      try {
        method = exchange.getRequestMethod();
        if (Bridge.traceparentWanted()) {
          trace = exchange.getRequestHeaders().getFirst("traceparent");
        }
        code = exchange.getResponseCode();
      } catch (Throwable unreadable) {
        // ended below all the same: an open request would swallow the thread's later ones
      }
      Bridge.requestEnd(state, null, null, method, code > 0 ? code : 500, trace);
    }
  }
}
