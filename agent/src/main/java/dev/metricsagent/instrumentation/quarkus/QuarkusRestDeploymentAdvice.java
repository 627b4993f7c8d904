package dev.metricsagent.instrumentation.quarkus;

import dev.metricsagent.bridge.RouteTables;
import net.bytebuddy.asm.Advice;

/** Exit of {@code Deployment}'s constructor: its resources are listed, once. */
public final class QuarkusRestDeploymentAdvice {
  private QuarkusRestDeploymentAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object deployment) {
    RouteTables.inUse(deployment);
  }
}
