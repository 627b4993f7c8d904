package dev.metricsagent.instrumentation.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.Settings;
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

    /**
     * A request, unless it is one of the agent's own exporter; named by its context path now: the
     * exchange reads its context through its connection, which the server already hands the
     * next request of a kept-alive connection while this one's exit may still run.
     */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static RequestState enter(@Advice.Argument(0) HttpExchange exchange) {
      HttpContext context = exchange.getHttpContext();
      if (Settings.ownHandler(context == null ? null : context.getHandler())) {
        return null; // the agent's own exporter
      }
      RequestState state = Requests.start();
      Requests.containerRouteFound(state, context == null ? null : context.getPath(), null);
      return state;
    }

    /**
     * The status sent, or 500 when the handler never answered (it threw, and the server closes
     * the connection). Ended whatever the reads throw.
     */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter RequestState state, @Advice.Argument(0) HttpExchange exchange) {
      if (state == null) {
        return;
      }
      try {
        state.answered(exchange.getRequestMethod(), exchange.getResponseCode(), true, null);
        if (state.traceparentWanted()) {
          state.traceparent(exchange.getRequestHeaders().getFirst("traceparent"));
        }
      } finally {
        Requests.end(state, null, null);
      }
    }
  }
}
