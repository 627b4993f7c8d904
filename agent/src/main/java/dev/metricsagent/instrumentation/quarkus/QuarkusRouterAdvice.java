package dev.metricsagent.instrumentation.quarkus;

import dev.metricsagent.bridge.RouteTables;
import io.quarkus.runtime.RuntimeValue;
import java.util.Optional;
import net.bytebuddy.asm.Advice;

/** Exit of {@code finalizeRouter}: the router Quarkus serves is listed, once. */
public final class QuarkusRouterAdvice {
  private QuarkusRouterAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(FinalizeRouterInstrumentation.MAIN_ROUTER) Optional<RuntimeValue<?>> main,
      @Advice.Argument(FinalizeRouterInstrumentation.HTTP_ROUTER) RuntimeValue<?> http,
      @Advice.Argument(FinalizeRouterInstrumentation.ROOT_PATH) String rootPath) {
    if ("/".equals(rootPath)) {
      RouteTables.inUse(http.getValue());
    } else if (main.isPresent()) {
      RouteTables.inUse(main.get().getValue());
    }
  }
}
