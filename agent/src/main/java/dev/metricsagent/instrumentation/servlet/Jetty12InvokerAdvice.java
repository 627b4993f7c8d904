package dev.metricsagent.instrumentation.servlet;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.internal.HttpChannelState;

/**
 * {@link HandlerInvokerInstrumentation}'s advice (Java 17, against Jetty 12). The response is
 * taken at entry: by the exit the channel may be recycled for the connection's next request. A
 * core handler of the app still answering asynchronously (no status yet) is not counted.
 */
public final class Jetty12InvokerAdvice {
  private Jetty12InvokerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.FieldValue("this$0") HttpChannelState channel,
      @Advice.Local("state") RequestState state,
      @Advice.Local("response") Response response) {
    response = channel.getResponse();
    state = response == null ? null : Requests.serverStart();
  }

  /** Only a request no servlet hook started: its method and the status Jetty answered. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Local("state") RequestState state, @Advice.Local("response") Response response) {
    if (state != null && state.serverPending()) {
      Requests.serverEnd(state, response.getRequest().getMethod(), response.getStatus());
    }
  }
}
