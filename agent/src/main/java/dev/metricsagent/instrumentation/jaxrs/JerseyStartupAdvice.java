package dev.metricsagent.instrumentation.jaxrs;

import dev.metricsagent.bridge.RouteTables;
import net.bytebuddy.asm.Advice;

/**
 * Exit of {@code ApplicationHandler.onStartup(Container)}: the container started the app, its
 * resource model is final; listed into the route inventory once ({@link JerseyRouteLister}).
 */
public final class JerseyStartupAdvice {
  private JerseyStartupAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object handler) {
    RouteTables.inUse(handler);
  }
}
