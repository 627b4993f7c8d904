package dev.metricsagent.instrumentation.quarkus;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * {@code Deployment}'s constructor: RESTEasy Reactive built the app's resource mappers as Quarkus
 * starts; they are listed into the route inventory ({@link QuarkusRestRouteLister}).
 */
final class DeploymentInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return QuarkusRestModule.DEPLOYMENT;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.optional(
        isConstructor(), "dev.metricsagent.instrumentation.quarkus.QuarkusRestDeploymentAdvice");
  }
}
