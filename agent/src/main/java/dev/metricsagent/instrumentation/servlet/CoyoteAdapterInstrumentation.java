package dev.metricsagent.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import org.apache.coyote.Request;
import org.apache.coyote.Response;

/**
 * Tomcat's {@code CoyoteAdapter.service(Request, Response)}: the connector hands every parsed
 * request to the engine here, outside {@code StandardHostValve.invoke} ({@link
 * TomcatInstrumentation}), which counts what reaches a web app. What Tomcat answers itself before
 * that (the redirect of a context root without its slash, a 400 for a URI it cannot normalise or
 * map) never reaches the valve: it is counted here, {@code unmatched}, timed from this entry.
 * Async dispatches come back through {@code asyncDispatch}, not here.
 */
final class CoyoteAdapterInstrumentation implements TypeInstrumentation {
  static final String COYOTE_ADAPTER = "org.apache.catalina.connector.CoyoteAdapter";

  @Override
  public String typeName() {
    return COYOTE_ADAPTER;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("service")
            .and(takesArguments(2))
            .and(takesArgument(0, named(TomcatConnectorModule.COYOTE_REQUEST)))
            .and(takesArgument(1, named(TomcatConnectorModule.COYOTE_RESPONSE))),
        ServiceAdvice.class,
        "service(org.apache.coyote.Request, org.apache.coyote.Response)");
  }

  static final class ServiceAdvice {
    private ServiceAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static RequestState enter() {
      return Requests.serverStart();
    }

    /** Only a request no web app saw: its method and the status Tomcat answered. */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter RequestState state,
        @Advice.Argument(0) Request req,
        @Advice.Argument(1) Response resp,
        @Advice.Thrown Throwable thrown) {
      if (state != null && state.serverPending()) {
        Requests.serverEnd(state, req.method().toString(), thrown == null ? resp.getStatus() : 500);
      }
    }
  }
}
