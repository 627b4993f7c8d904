package dev.metricsagent.instrumentation.vertx;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RouterMounts;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;
import java.util.regex.Pattern;
import net.bytebuddy.asm.Advice;

/**
 * {@code RouteState.handleContext(RoutingContextImplBase)}: a route's handler runs for the
 * request (the route matched); its failure handlers ({@code handleFailure}) are not hooked, so
 * a failure handler never renames a request.
 */
final class RouteStateInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return VertxModule.ROUTE_STATE;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("handleContext").and(takesArguments(1)),
        HandleContextAdvice.class,
        "void handleContext(RoutingContextImplBase)");
  }

  /**
   * The route names the request, under its router's mount point: its path as written ({@code
   * /items/:id}, a wildcard's with its {@code *}), its regex, or for a path-less route the mount
   * point; a {@code StaticHandler}'s route is {@code static}.
   */
  static final class HandleContextAdvice {
    private HandleContextAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(
        @Advice.Argument(0) RoutingContext ctx,
        @Advice.FieldValue("path") String path,
        @Advice.FieldValue("pattern") Pattern pattern,
        @Advice.FieldValue("exactPath") boolean exact,
        @Advice.FieldValue("contextHandlers") List<?> handlers) {
      RequestState s = ReactiveRequests.of(ctx.get(ReactiveRequests.ATTRIBUTE));
      if (s != null) {
        RouterMounts.routeEntered(
            s,
            ctx.mountPoint(),
            path,
            pattern == null ? null : pattern.pattern(),
            exact,
            handlers.size() == 1 && handlers.get(0) instanceof StaticHandler);
      }
    }
  }
}
