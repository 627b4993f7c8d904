package dev.metricsagent.instrumentation.vertx;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.ContextLocals;
import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerRequest;
import net.bytebuddy.asm.Advice;

/**
 * {@code Http1xServerConnection}, Vert.x's HTTP/1 server connection, the same in 4.5 and 5: its
 * {@code responseComplete()} runs when the last part of the response in progress was written
 * (its {@code end}, or a {@code sendFile}'s last byte), whoever asked for it and whatever end
 * handler the app set on the response; its {@code handleClosed()} when the connection closed,
 * also under a response in progress (a stream the client left).
 */
final class ServerConnectionInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return VertxModule.HTTP1_CONNECTION;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice
        .required(
            named("responseComplete").and(takesArguments(0)),
            CompleteAdvice.class,
            "void responseComplete()")
        .required(
            named("handleClosed").and(takesArguments(0)), ClosedAdvice.class, "void handleClosed()");
  }

  /**
   * The request the router started ends with the status sent. One Vert.x answered before any
   * router, timed from its answer, is {@code unmatched}: one it could not decode (a malformed
   * request line, a URI or headers too large: its 400, 414, 431; the method is Netty's
   * placeholder, so {@code OTHER}), and one of an HTTP version it does not serve (its 501).
   */
  static final class CompleteAdvice {
    private CompleteAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("responseInProgress") Http1xServerRequest req) {
      HttpServerRequest request = req;
      if (request != null) {
        RequestState s = ContextLocals.ofRequest(request);
        int status = request.response().getStatusCode();
        if (s != null) {
          ReactiveRequests.end(s, VertxModule.NAME, status, null);
        } else if (ContextLocals.malformed(request)) { // Netty's placeholder: method unknown
          ReactiveRequests.answeredUnrouted(System.nanoTime(), "OTHER", status);
        } else if (request.version() == null) { // a version Vert.x does not serve: its 501
          ReactiveRequests.answeredUnrouted(System.nanoTime(), request.method().name(), status);
        }
      }
    }
  }

  /**
   * The connection closed: a request whose response had not ended ends now, with the status the
   * response had (one that ended was recorded then: ignored).
   */
  static final class ClosedAdvice {
    private ClosedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("responseInProgress") Http1xServerRequest req) {
      HttpServerRequest request = req;
      if (request != null) {
        ReactiveRequests.end(
            ContextLocals.ofRequest(request),
            VertxModule.NAME,
            request.response().getStatusCode(),
            null);
      }
    }
  }
}
