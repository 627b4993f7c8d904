package dev.metricsagent.instrumentation.webflux;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * {@code HttpWebHandlerAdapter$ObservationSignalListener}, the listener WebFlux taps on each
 * request's handling (with or without an observation registry): {@code doOnComplete} (the
 * response written), {@code doOnError}, {@code doOnCancel} (the client went away) end the
 * request, on whatever thread signals it.
 */
final class SignalListenerInstrumentation implements TypeInstrumentation {
  private static final String END = "dev.metricsagent.instrumentation.webflux.WebFluxEndAdvice";

  @Override
  public String typeName() {
    return WebFluxModule.SIGNAL_LISTENER;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice
        .required(named("doOnComplete").and(takesArguments(0)), END, "void doOnComplete()")
        .required(named("doOnCancel").and(takesArguments(0)), END, "void doOnCancel()")
        .required(
            named("doOnError").and(takesArguments(1)),
            "dev.metricsagent.instrumentation.webflux.WebFluxErrorAdvice",
            "void doOnError(Throwable)");
  }
}
