package dev.metricsagent.instrumentation.micronaut;

import dev.metricsagent.bridge.ReactiveRequests;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import net.bytebuddy.asm.Advice;

/**
 * Entry of the outbound access's {@code writeHeadResponse}: the answer to a {@code HEAD} request;
 * its status is kept on the request's state (the outbound access's attachment is Micronaut's
 * request).
 */
public final class MicronautStatusAdvice {
  private MicronautStatusAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.FieldValue("attachment") Object attachment,
      @Advice.Argument(0) HttpResponse response) {
    if (attachment instanceof NettyHttpRequest) {
      NettyHttpRequest<?> request = (NettyHttpRequest<?>) attachment;
      ReactiveRequests.responseStatus(
          ReactiveRequests.of(request.getAttributes().getValue(ReactiveRequests.ATTRIBUTE)),
          response.status().code());
    }
  }
}
