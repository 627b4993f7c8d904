package dev.metricsagent.instrumentation.jaxrs;

import dev.metricsagent.bridge.Requests;
import net.bytebuddy.asm.Advice;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;

/**
 * {@link GrizzlyServerFilterInstrumentation}'s advice (Java 17, against Grizzly 4): the answer
 * the codec sent for a request head it refused, recorded now, {@code unmatched}. The method is
 * the text Grizzly read ({@code OTHER} unless it is a method's name).
 */
public final class GrizzlyHeaderErrorAdvice {
  private GrizzlyHeaderErrorAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) HttpHeader header) {
    if (header instanceof HttpRequestPacket) {
      HttpRequestPacket request = (HttpRequestPacket) header;
      int status = request.getResponse().getStatus();
      Requests.serverAnswered(0, request.getMethodDC().toString(), status);
    }
  }
}
