package dev.metricsagent.instrumentation.micronaut;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RouteTables;
import io.micronaut.http.server.RouteExecutor;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.web.router.Router;
import net.bytebuddy.asm.Advice;

/**
 * Entry of {@code RoutingInBoundHandler.responseWritten(Object)} (before Micronaut releases the
 * request): the request is recorded once, with the status written; one no route named is looked
 * up in the router. After an attach, the router's routes are listed here, once.
 */
public final class MicronautEndAdvice {
  private MicronautEndAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Argument(0) Object attachment,
      @Advice.FieldValue("routeExecutor") RouteExecutor executor) {
    if (attachment instanceof NettyHttpRequest) {
      Router router = executor.getRouter();
      RouteTables.inUse(router);
      NettyHttpRequest<?> request = (NettyHttpRequest<?>) attachment;
      ReactiveRequests.endWritten(
          ReactiveRequests.of(request.getAttributes().getValue(ReactiveRequests.ATTRIBUTE)),
          MicronautModule.NAME,
          router);
    }
  }
}
