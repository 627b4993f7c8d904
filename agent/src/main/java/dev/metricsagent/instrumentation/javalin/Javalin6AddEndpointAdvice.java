package dev.metricsagent.instrumentation.javalin;

import dev.metricsagent.bridge.RouteEvents;
import io.javalin.config.RouterConfig;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import net.bytebuddy.asm.Advice;

/**
 * Javalin 6's {@code InternalRouter.addHttpEndpoint(endpoint)} (compiled against Javalin 6 for
 * Java 11): every HTTP route feeds the inventory, under the app's {@code
 * config.router.contextPath} as its requests' endpoint has it.
 */
public final class Javalin6AddEndpointAdvice {
  private Javalin6AddEndpointAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(0) Endpoint endpoint,
      @Advice.FieldValue("routerConfig") RouterConfig config) {
    HandlerType type = endpoint.getMethod();
    if (type.isHttpMethod()) {
      RouteEvents.addedAt(config.contextPath, type.name(), endpoint.getPath());
    }
  }
}
