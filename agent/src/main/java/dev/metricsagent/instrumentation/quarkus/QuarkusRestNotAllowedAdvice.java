package dev.metricsagent.instrumentation.quarkus;

import dev.metricsagent.bridge.ReactiveRequests;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.NotAllowedException;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

/**
 * Exit of {@code ClassRoutingHandler.handle} with its {@code NotAllowedException} (a 405): the
 * request is named by the resource method whose path matched ({@link QuarkusRestRouteFinder},
 * over the handler's mappers by method).
 */
public final class QuarkusRestNotAllowedAdvice {
  private QuarkusRestNotAllowedAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(0) ResteasyReactiveRequestContext request,
      @Advice.FieldValue("mappers") Map<?, ?> mappers,
      @Advice.Thrown Throwable thrown) {
    if (thrown instanceof NotAllowedException) {
      RoutingContext ctx = request.unwrap(RoutingContext.class);
      if (ctx != null) {
        ReactiveRequests.findRoute(
            QuarkusRestModule.NAME,
            mappers,
            request,
            ReactiveRequests.of(ctx.get(ReactiveRequests.ATTRIBUTE)));
      }
    }
  }
}
