package dev.metricsagent.instrumentation.javalin;

import dev.metricsagent.bridge.RouteEvents;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import net.bytebuddy.asm.Advice;

/**
 * Javalin 7's {@code InternalRouter.addHttpEndpoint(endpoint)} (compiled against Javalin 7 for
 * Java 17): every HTTP route feeds the inventory.
 */
public final class Javalin7AddEndpointAdvice {
  private Javalin7AddEndpointAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) Endpoint endpoint) {
    HandlerType type = endpoint.method;
    if (type.isHttpMethod()) {
      RouteEvents.added(type.name(), endpoint.path);
    }
  }
}
