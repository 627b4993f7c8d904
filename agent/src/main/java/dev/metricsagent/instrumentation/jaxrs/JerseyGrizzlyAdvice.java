package dev.metricsagent.instrumentation.jaxrs;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import net.bytebuddy.asm.Advice;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * {@code GrizzlyHttpContainer.service}: opens a pending request that Jersey's entry inside takes
 * over. One it never took, because the container threw first, is recorded at the exit, {@code
 * unmatched}, with what Grizzly answers for the exception: its 500 page unless the response was
 * committed already.
 */
public final class JerseyGrizzlyAdvice {
  private JerseyGrizzlyAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static RequestState enter() {
    return Requests.serverStart();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter RequestState state,
      @Advice.Argument(0) Request req,
      @Advice.Argument(1) Response resp,
      @Advice.Thrown Throwable thrown) {
    if (state != null && state.serverPending() && thrown != null) {
      int status = resp.isCommitted() ? resp.getStatus() : 500;
      Requests.serverEnd(state, req.getMethod().getMethodString(), status);
    } else {
      Requests.serverLeave(state); // Jersey's entry recorded it
    }
  }
}
