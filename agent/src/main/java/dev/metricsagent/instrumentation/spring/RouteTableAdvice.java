package dev.metricsagent.instrumentation.spring;

import dev.metricsagent.bridge.RouteTables;
import net.bytebuddy.asm.Advice;

/**
 * Exit of a handler mapping's {@code afterPropertiesSet} (its routes are registered) or of {@code
 * DispatcherServlet.getHandler} (after an attach: the mappings of the servlet a request used):
 * the table is listed into the route inventory once ({@link SpringRouteLister}).
 */
public final class RouteTableAdvice {
  private RouteTableAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object table) {
    RouteTables.inUse(table);
  }
}
