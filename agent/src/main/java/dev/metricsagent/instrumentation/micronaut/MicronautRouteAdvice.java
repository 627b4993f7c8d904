package dev.metricsagent.instrumentation.micronaut;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RequestState;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.UriRouteMatch;
import net.bytebuddy.asm.Advice;

/**
 * Exit of {@code RouteExecutor.setRouteAttributes(HttpRequest, UriRouteMatch)}: the request is
 * named by the template of the route Micronaut matched ({@code UriMatchTemplate.toString()}, the
 * template as declared, kept by Micronaut: no string is built per request).
 */
public final class MicronautRouteAdvice {
  private MicronautRouteAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(0) HttpRequest<?> request, @Advice.Argument(1) UriRouteMatch<?, ?> route) {
    RequestState s =
        ReactiveRequests.of(request.getAttributes().getValue(ReactiveRequests.ATTRIBUTE));
    if (s != null) {
      ReactiveRequests.routeFound(
          s, request.getMethodName(), route.getRouteInfo().getUriMatchTemplate().toString(), "");
    }
  }
}
