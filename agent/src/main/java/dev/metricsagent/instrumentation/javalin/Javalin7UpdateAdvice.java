package dev.metricsagent.instrumentation.javalin;

import dev.metricsagent.bridge.Requests;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import net.bytebuddy.asm.Advice;

/**
 * Javalin 7's {@code JavalinServletContext.update(endpoint, pathParams)}, called as each handler of a
 * request is about to run (compiled against Javalin 7 for Java 17): an HTTP handler's path, as
 * the app wrote it, names the request.
 */
public final class Javalin7UpdateAdvice {
  private Javalin7UpdateAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) Endpoint endpoint) {
    HandlerType type = endpoint.method;
    if (type.isHttpMethod()) {
      Requests.routeFound(type.name(), endpoint.path);
    }
  }
}
