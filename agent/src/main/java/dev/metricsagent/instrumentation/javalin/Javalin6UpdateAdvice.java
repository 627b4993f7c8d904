package dev.metricsagent.instrumentation.javalin;

import dev.metricsagent.bridge.Requests;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import net.bytebuddy.asm.Advice;

/**
 * Javalin 6's {@code JavalinServletContext.update(entry, requestUri)}, called as each handler of a
 * request is about to run (compiled against Javalin 6 for Java 11): an HTTP handler's path, as
 * the app wrote it, names the request.
 */
public final class Javalin6UpdateAdvice {
  private Javalin6UpdateAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) ParsedEndpoint entry) {
    Endpoint endpoint = entry.getEndpoint();
    HandlerType type = endpoint.getMethod();
    if (type.isHttpMethod()) {
      Requests.routeFound(type.name(), endpoint.getPath());
    }
  }
}
