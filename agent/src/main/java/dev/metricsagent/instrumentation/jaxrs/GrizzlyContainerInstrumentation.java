package dev.metricsagent.instrumentation.jaxrs;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * {@code GrizzlyHttpContainer.service(Request, Response)}, the Grizzly handler Jersey runs in,
 * on the thread that runs Jersey (Grizzly calls it on a worker, not where it read the request):
 * it builds the request's URIs from the {@code Host} header before Jersey's entry ({@code
 * ApplicationHandler.handle}, the request hook inside), and an empty one throws, which Grizzly
 * answers with its 500 page. So a pending request opens here ({@link JerseyGrizzlyAdvice}); the
 * hook inside takes it over.
 */
final class GrizzlyContainerInstrumentation implements TypeInstrumentation {
  private static final String ADVICE = "dev.metricsagent.instrumentation.jaxrs.JerseyGrizzlyAdvice";

  @Override
  public String typeName() {
    return JerseyGrizzlyModule.CONTAINER;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("service")
            .and(takesArguments(2))
            .and(takesArgument(0, named(JerseyGrizzlyModule.REQUEST)))
            .and(takesArgument(1, named(JerseyGrizzlyModule.RESPONSE))),
        ADVICE,
        "service(Request, Response)");
  }
}
