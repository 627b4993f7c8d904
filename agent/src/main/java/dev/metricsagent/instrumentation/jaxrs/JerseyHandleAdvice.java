package dev.metricsagent.instrumentation.jaxrs;

import dev.metricsagent.bridge.Bridge;
import dev.metricsagent.bridge.RequestState;
import net.bytebuddy.asm.Advice;
import org.glassfish.jersey.server.ContainerRequest;

/**
 * {@code ApplicationHandler.handle(ContainerRequest)}, the entry every Jersey container calls
 * (servlet, Grizzly, JDK HTTP server): times the request where no outer hook does (Grizzly, the
 * JDK server), and nests under the servlet container's hook where there is one. The status is
 * the one {@link JerseyResponderAdvice} saw Jersey write; an exception out of Jersey is a 500.
 */
public final class JerseyHandleAdvice {
  private JerseyHandleAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static RequestState enter(@Advice.This Object handler) {
    Bridge.routeTableInUse(handler);
    return Bridge.requestStart();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter RequestState state,
      @Advice.Argument(0) ContainerRequest request,
      @Advice.Thrown Throwable thrown) {
    Bridge.requestFailed(thrown); // names the exception label, where a profile has one
    Bridge.requestEnd(
        state,
        null,
        null,
        request.getMethod(),
        Bridge.responseStatusOr(state, thrown != null ? 500 : 200),
        Bridge.traceparentWanted() ? request.getHeaderString("traceparent") : null);
  }
}
