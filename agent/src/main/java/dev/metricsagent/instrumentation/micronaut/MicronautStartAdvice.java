package dev.metricsagent.instrumentation.micronaut;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Settings;
import io.micronaut.core.convert.value.MutableConvertibleValues;
import io.micronaut.http.server.netty.NettyHttpRequest;
import net.bytebuddy.asm.Advice;

/**
 * Entry of {@code NettyRequestLifecycle.handleNormal} or {@code handleException}: the request
 * starts, its state kept as a request attribute (once: {@code handleNormal} may hand a request
 * to {@code handleException}).
 */
public final class MicronautStartAdvice {
  private MicronautStartAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) NettyHttpRequest<?> request) {
    MutableConvertibleValues<Object> attributes = request.getAttributes();
    if (attributes.getValue(ReactiveRequests.ATTRIBUTE) == null) {
      RequestState s =
          ReactiveRequests.start(
              request,
              request.getMethodName(),
              "",
              Settings.traceparentWanted() ? request.getHeaders().get("traceparent") : null);
      if (s != null) {
        attributes.put(ReactiveRequests.ATTRIBUTE, s);
      }
    }
  }
}
