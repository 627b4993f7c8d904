package dev.metricsagent.instrumentation.jaxrs;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.RouteTables;
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
    RouteTables.inUse(handler);
    return Requests.start();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter RequestState state,
      @Advice.This Object handler,
      @Advice.Argument(0) ContainerRequest request,
      @Advice.Thrown Throwable thrown) {
    if (state != null) {
      Requests.findLate(JaxrsModule.NAME, handler, request, state); // a 405: its route
      state.answered(request.getMethod(), thrown);
      state.traceparent(
          state.traceparentWanted() ? request.getHeaderString("traceparent") : null);
      Requests.end(state, null, null);
    }
  }
}
