package dev.metricsagent.instrumentation.webflux;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RequestState;
import net.bytebuddy.asm.Advice;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Exit of the request's signal listener's {@code doOnComplete} (the handling, body writes
 * included, completed) or {@code doOnCancel} (the server cancelled it: the client went away):
 * the request is recorded with the status its response has (200 unless the app set another, also
 * for a cancelled one). After Spring's own observation read it, so a late route lookup leaves
 * no trace there.
 */
public final class WebFluxEndAdvice {
  private WebFluxEndAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.FieldValue("observationContext") ServerRequestObservationContext context) {
    RequestState s = ReactiveRequests.of(context.getAttributes().get(ReactiveRequests.ATTRIBUTE));
    if (s != null) {
      ServerHttpResponse response = context.getResponse();
      HttpStatusCode status = response == null ? null : response.getStatusCode();
      ReactiveRequests.end(s, WebFluxModule.NAME, status == null ? 200 : status.value(), null);
    }
  }
}
