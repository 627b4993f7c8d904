package dev.metricsagent.instrumentation.vertx;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RouterMounts;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import net.bytebuddy.asm.Advice;

/**
 * {@code RoutingContextWrapper}, the context a sub-router gets when the route it is mounted on
 * matches: its mount point is noted with the template of that route ({@link RouterMounts}).
 */
final class RoutingContextWrapperInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return VertxModule.ROUTING_CONTEXT_WRAPPER;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        isConstructor().and(takesArguments(4)),
        MountAdvice.class,
        "RoutingContextWrapper(String, Set, RoutingContextInternal, Router)");
  }

  /** The sub-router's mount point as Vert.x gives it, and the path of the route it is on. */
  static final class MountAdvice {
    private MountAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(
        @Advice.This RoutingContext wrapper, @Advice.Argument(2) RoutingContext inner) {
      RequestState s = ReactiveRequests.of(inner.get(ReactiveRequests.ATTRIBUTE));
      Route route = inner.currentRoute();
      if (s != null && route != null) {
        RouterMounts.mounted(s, inner.mountPoint(), wrapper.mountPoint(), route.getPath());
      }
    }
  }
}
