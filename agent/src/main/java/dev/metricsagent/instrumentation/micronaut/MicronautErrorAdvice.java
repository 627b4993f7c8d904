package dev.metricsagent.instrumentation.micronaut;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RequestState;
import io.micronaut.http.HttpRequest;
import net.bytebuddy.asm.Advice;

/**
 * Entry of {@code RouteExecutor.createDefaultErrorResponse(HttpRequest, Throwable)}: an exception
 * no {@code @Error} route or exception handler took becomes Micronaut's 500; its class is the
 * request's {@code exception} label (the status stays the one the server writes).
 */
public final class MicronautErrorAdvice {
  private MicronautErrorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Argument(0) HttpRequest<?> request, @Advice.Argument(1) Throwable cause) {
    RequestState s =
        ReactiveRequests.of(request.getAttributes().getValue(ReactiveRequests.ATTRIBUTE));
    if (s != null) {
      s.answered(request.getMethodName(), cause);
    }
  }
}
