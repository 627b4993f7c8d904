package dev.metricsagent.instrumentation.quarkus;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * {@code VertxHttpRecorder.finalizeRouter(...)}: Quarkus has added its last routes (filters, the
 * default route, the framework router under {@code /q}) and picked the router its server will
 * serve: the HTTP router itself when {@code quarkus.http.root-path} is {@code /}, else the main
 * router, which has it mounted under the root path. That router is listed
 * ({@link QuarkusRouterAdvice}), once: the Vert.x module's first request meets the same router.
 */
final class FinalizeRouterInstrumentation implements TypeInstrumentation {
  /** Its arguments: the main router (optional), the HTTP router, the root path. */
  static final int MAIN_ROUTER = 5;

  static final int HTTP_ROUTER = 6;
  static final int ROOT_PATH = 10;

  @Override
  public String typeName() {
    return QuarkusRouterModule.RECORDER;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.optional(
        named("finalizeRouter")
            .and(takesArgument(MAIN_ROUTER, named("java.util.Optional")))
            .and(takesArgument(HTTP_ROUTER, named(QuarkusRouterModule.RUNTIME_VALUE)))
            .and(takesArgument(ROOT_PATH, String.class)),
        "dev.metricsagent.instrumentation.quarkus.QuarkusRouterAdvice");
  }
}
