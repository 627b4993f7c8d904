package dev.metricsagent.instrumentation.micronaut;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.Settings;
import io.micronaut.core.convert.value.MutableConvertibleValues;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import net.bytebuddy.asm.Advice;

/**
 * Entry of the outbound access's {@code write(HttpResponse, ByteBody)}: the response the client
 * gets; its status is kept on the request's state (the outbound access's attachment is
 * Micronaut's request), and with {@code sizes=true} its body's expected length as an attribute.
 */
public final class MicronautWriteAdvice {
  private MicronautWriteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.FieldValue("attachment") Object attachment,
      @Advice.Argument(0) HttpResponse response,
      @Advice.Argument(1) ByteBody body) {
    if (attachment instanceof NettyHttpRequest) {
      MutableConvertibleValues<Object> attributes =
          ((NettyHttpRequest<?>) attachment).getAttributes();
      ReactiveRequests.responseStatus(
          ReactiveRequests.of(attributes.getValue(ReactiveRequests.ATTRIBUTE)),
          response.status().code());
      if (Settings.sizesWanted()) {
        attributes.put(ReactiveRequests.RESPONSE_BYTES, body.expectedLength());
      }
    }
  }
}
