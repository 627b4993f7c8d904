package dev.metricsagent.instrumentation.quarkus;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import io.vertx.ext.web.RoutingContext;
import net.bytebuddy.asm.Advice;

/**
 * {@code StaticHandlerImpl.handle(RoutingContext)}: Quarkus's static resources handler hands it a
 * request for a file it knows: the request is {@code static} (an error it answers is not: see
 * {@code RequestState.recordedTemplate}).
 */
final class StaticHandlerInstrumentation implements TypeInstrumentation {
  static final String CONTEXT = "io.vertx.ext.web.RoutingContext";

  @Override
  public String typeName() {
    return "io.vertx.ext.web.handler.impl.StaticHandlerImpl";
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.optional(
        named("handle").and(takesArguments(1)).and(takesArgument(0, named(CONTEXT))),
        HandleAdvice.class);
  }

  /** The request is named {@code static}. */
  static final class HandleAdvice {
    private HandleAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) RoutingContext ctx) {
      ReactiveRequests.staticEntered(ReactiveRequests.of(ctx.get(ReactiveRequests.ATTRIBUTE)));
    }
  }
}
