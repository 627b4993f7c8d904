package dev.metricsagent.instrumentation.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import net.bytebuddy.asm.Advice;

/**
 * {@code sun.net.httpserver.ServerImpl$Exchange.reject(code, requestLine, message)}: the server
 * answers a request itself. 404 (no context for the path) and 500 (a context without handler)
 * are requests the app could have served: {@code unmatched}. Other codes are requests the server
 * could not parse (400, 501), which no container counts.
 */
final class ExchangeInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return "sun.net.httpserver.ServerImpl$Exchange";
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.optional(
        named("reject")
            .and(takesArguments(3))
            .and(takesArgument(0, int.class))
            .and(takesArgument(1, String.class)),
        RejectAdvice.class);
  }

  static final class RejectAdvice {
    private RejectAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static RequestState enter(@Advice.Argument(0) int code) {
      return code == 404 || code == 500 ? Requests.start() : null;
    }

    /** The method is the request line's first word (a substring: on this path only). */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter RequestState state,
        @Advice.Argument(0) int code,
        @Advice.Argument(1) String requestLine) {
      if (state != null) {
        int space = requestLine == null ? -1 : requestLine.indexOf(' ');
        state.answered(space > 0 ? requestLine.substring(0, space) : null, code, true, null);
        Requests.end(state, null, null);
      }
    }
  }
}
