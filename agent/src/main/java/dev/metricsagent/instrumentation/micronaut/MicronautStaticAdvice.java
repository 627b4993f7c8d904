package dev.metricsagent.instrumentation.micronaut;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RequestState;
import io.micronaut.http.HttpRequest;
import net.bytebuddy.asm.Advice;

/**
 * Exit of {@code NettyRequestLifecycle.findFile(HttpRequest)}: no route matched, and a static
 * resource mapping has a file for the path: the request is {@code static}.
 */
public final class MicronautStaticAdvice {
  private MicronautStaticAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) HttpRequest<?> request, @Advice.Return Object file) {
    if (file != null) {
      RequestState s =
          ReactiveRequests.of(request.getAttributes().getValue(ReactiveRequests.ATTRIBUTE));
      if (s != null) {
        ReactiveRequests.staticResource(s);
      }
    }
  }
}
