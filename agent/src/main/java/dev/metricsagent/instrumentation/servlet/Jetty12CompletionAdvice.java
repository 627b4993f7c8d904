package dev.metricsagent.instrumentation.servlet;

import dev.metricsagent.bridge.Requests;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.internal.HttpChannelState;

/**
 * {@link ChannelStateInstrumentation}'s advice (Java 17, against Jetty 12): a request whose
 * handlers never ran ({@code _handled} false: Jetty answered its failure itself) is recorded as
 * its stream completes, timed from its arrival. Every other request was {@link
 * Jetty12InvokerAdvice}'s.
 */
public final class Jetty12CompletionAdvice {
  private Jetty12CompletionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.FieldValue("_handled") boolean handled,
      @Advice.FieldValue("_request") HttpChannelState.ChannelRequest channelRequest,
      @Advice.FieldValue("_response") HttpChannelState.ChannelResponse channelResponse) {
    Request request = channelRequest; // called through Jetty's API, not its internal classes
    Response response = channelResponse;
    if (!handled && request != null && response != null) {
      Requests.serverAnswered(request.getBeginNanoTime(), request.getMethod(), response.getStatus());
    }
  }
}
