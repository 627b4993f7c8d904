package dev.metricsagent.instrumentation.webflux;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RequestState;
import net.bytebuddy.asm.Advice;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Exit of the request's signal listener's {@code doOnError}: an error WebFlux could not turn into
 * a response (the response was committed already, or the client is gone) ends the request with
 * the status its response has, 500 if it has none.
 */
public final class WebFluxErrorAdvice {
  private WebFluxErrorAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.FieldValue("observationContext") ServerRequestObservationContext context,
      @Advice.Argument(0) Throwable error) {
    RequestState s = ReactiveRequests.of(context.getAttributes().get(ReactiveRequests.ATTRIBUTE));
    if (s != null) {
      ServerHttpResponse response = context.getResponse();
      HttpStatusCode status = response == null ? null : response.getStatusCode();
      ReactiveRequests.end(s, WebFluxModule.NAME, status == null ? 500 : status.value(), error);
    }
  }
}
