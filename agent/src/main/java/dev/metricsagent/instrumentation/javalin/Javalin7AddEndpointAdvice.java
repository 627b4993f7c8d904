package dev.metricsagent.instrumentation.javalin;

import dev.metricsagent.bridge.RouteEvents;
import io.javalin.config.RouterConfig;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import net.bytebuddy.asm.Advice;

/**
 * Javalin 7's {@code InternalRouter.addHttpEndpoint(endpoint)} (compiled against Javalin 7 for
 * Java 17): every HTTP route feeds the inventory, under the app's {@code
 * config.router.contextPath} as its requests' endpoint has it.
 */
public final class Javalin7AddEndpointAdvice {
  private Javalin7AddEndpointAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(0) Endpoint endpoint,
      @Advice.FieldValue("routerConfig") RouterConfig config) {
    HandlerType type = endpoint.method;
    if (type.isHttpMethod()) {
      RouteEvents.addedAt(config.contextPath, type.name(), endpoint.path);
    }
  }
}
