package dev.metricsagent.instrumentation.quarkus;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RouteTables;
import dev.metricsagent.bridge.RouterMounts;
import io.vertx.ext.web.RoutingContext;
import net.bytebuddy.asm.Advice;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.mapping.RuntimeResource;
import org.jboss.resteasy.reactive.server.mapping.URITemplate;

/**
 * Entry of {@code restart(target, locator)}: the request is named by the target's templates under
 * the deployment's path (from the server's root: Quarkus's root path, the Vert.x route's mount
 * point, is in it), or, for a locator's sub-resource, after the locator's template; counted in
 * progress there when the target is a resource method (it has an HTTP method), not a locator.
 * After an attach, the first request lists the deployment's resources ({@link
 * QuarkusRestRouteLister}).
 */
public final class QuarkusRestTargetAdvice {
  private QuarkusRestTargetAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.This ResteasyReactiveRequestContext request,
      @Advice.Argument(0) RuntimeResource target,
      @Advice.Argument(1) boolean locator) {
    RoutingContext ctx = request.unwrap(RoutingContext.class);
    if (ctx != null && target != null) {
      RouteTables.inUse(request.getDeployment());
      URITemplate classPath = target.getClassPath();
      URITemplate path = target.getPath();
      RouterMounts.resourceEntered(
          ReactiveRequests.of(ctx.get(ReactiveRequests.ATTRIBUTE)),
          request.getDeployment().getPrefix(),
          classPath == null ? null : classPath.template,
          path == null ? null : path.template,
          locator,
          target.getHttpMethod());
    }
  }
}
