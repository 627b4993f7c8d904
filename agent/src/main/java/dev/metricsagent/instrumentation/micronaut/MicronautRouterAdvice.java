package dev.metricsagent.instrumentation.micronaut;

import dev.metricsagent.bridge.RouteTables;
import net.bytebuddy.asm.Advice;

/** Exit of {@code DefaultRouter}'s constructor: the app's routes are listed, once. */
public final class MicronautRouterAdvice {
  private MicronautRouterAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object router) {
    RouteTables.inUse(router);
  }
}
