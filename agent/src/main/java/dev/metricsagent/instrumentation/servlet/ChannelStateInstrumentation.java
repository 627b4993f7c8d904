package dev.metricsagent.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * Jetty 12's {@code HttpChannelState.completeStream(HttpStream, Throwable)}, where every request's
 * stream completes, once. A request Jetty could not parse (a malformed request line, headers too
 * large) never reaches {@link HandlerInvokerInstrumentation}'s {@code run()}: Jetty answers it
 * from its failure callback, and it is counted here, {@code unmatched} ({@code
 * Jetty12CompletionAdvice}).
 */
final class ChannelStateInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return Jetty12ConnectorModule.CHANNEL_STATE;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("completeStream")
            .and(takesArguments(2))
            .and(takesArgument(0, named("org.eclipse.jetty.server.HttpStream")))
            .and(takesArgument(1, named("java.lang.Throwable"))),
        "dev.metricsagent.instrumentation.servlet.Jetty12CompletionAdvice",
        "completeStream(HttpStream, Throwable)");
  }
}
