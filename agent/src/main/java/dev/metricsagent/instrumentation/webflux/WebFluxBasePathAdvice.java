package dev.metricsagent.instrumentation.webflux;

import dev.metricsagent.bridge.ReactiveRequests;
import net.bytebuddy.asm.Advice;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * {@code ContextPathCompositeHandler.handle}: a request outside the base path is answered here,
 * 404 set before the method returns (a request it passes on has no status yet: WebFlux's
 * handling runs only when the server subscribes), and is counted {@code unmatched}.
 */
public final class WebFluxBasePathAdvice {
  private WebFluxBasePathAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter() {
    return System.nanoTime();
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Enter long start,
      @Advice.Argument(0) ServerHttpRequest request,
      @Advice.Argument(1) ServerHttpResponse response) {
    HttpStatusCode status = response.getStatusCode();
    if (status != null && status.value() == 404) {
      ReactiveRequests.answeredUnrouted(start, request.getMethod().name(), 404);
    }
  }
}
