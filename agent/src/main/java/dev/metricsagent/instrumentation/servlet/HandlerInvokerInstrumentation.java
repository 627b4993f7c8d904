package dev.metricsagent.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * Jetty 12's {@code HttpChannelState$HandlerInvoker.run()}: runs once per parsed request, and is
 * the one place Jetty hands it to the server's handlers, after its own checks (URI compliance: an
 * ambiguous or bad URI is answered 400 here, before any handler). The servlet hook inside ({@link
 * Jetty12Instrumentation}) takes the request over; what Jetty answers without it is counted at
 * this exit, {@code unmatched} ({@code Jetty12InvokerAdvice}).
 */
final class HandlerInvokerInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return Jetty12ConnectorModule.CHANNEL_STATE + "$HandlerInvoker";
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("run").and(takesArguments(0)),
        "dev.metricsagent.instrumentation.servlet.Jetty12InvokerAdvice",
        "run()");
  }
}
