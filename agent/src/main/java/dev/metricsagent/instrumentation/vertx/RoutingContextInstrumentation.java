package dev.metricsagent.instrumentation.vertx;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.ContextLocals;
import dev.metricsagent.bridge.EndHandlers;
import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.RouteTables;
import dev.metricsagent.bridge.Settings;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import net.bytebuddy.asm.Advice;

/**
 * {@code RoutingContextImpl}, the context a router creates for each request it takes from the
 * server ({@code RouterImpl.handle}): its construction starts the request, and {@code
 * checkHandleNoMatch} is where the router answers a request no route went on with (404, 405).
 */
final class RoutingContextInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return VertxModule.ROUTING_CONTEXT;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice
        .required(
            isConstructor().and(takesArguments(4)),
            StartAdvice.class,
            "RoutingContextImpl(String, RouterImpl, HttpServerRequest, Set)")
        .required(
            named("checkHandleNoMatch").and(takesArguments(0)),
            NoMatchAdvice.class,
            "void checkHandleNoMatch()")
        .required(
            named("fail").and(takesArguments(2)).and(takesArgument(1, Throwable.class)),
            FailAdvice.class,
            "void fail(int, Throwable)");
  }

  /**
   * The request starts: its state kept in the context's data, for the route hooks, and in the
   * local data of the request's Vert.x context (the server request's, else the one the router
   * runs on: a wrapper's), where the HTTP/1 server's hooks find it
   * when the response ends or the connection closes first ({@link
   * ServerConnectionInstrumentation}). An HTTP/2 request, or one a router takes outside a
   * Vert.x context, is ended by an end handler of the routing context instead. After an attach
   * the router's routes are listed here, once.
   */
  static final class StartAdvice {
    private StartAdvice() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(
        @Advice.This RoutingContext ctx,
        @Advice.Argument(1) Router router,
        @Advice.Argument(2) HttpServerRequest request) {
      RouteTables.inUse(router);
      String traceparent = Settings.traceparentWanted() ? request.getHeader("traceparent") : null;
      RequestState s = ReactiveRequests.start(ctx, request.method().name(), null, traceparent);
      if (s != null) {
        ctx.put(ReactiveRequests.ATTRIBUTE, s);
        if (request.version() == HttpVersion.HTTP_2
            || !ContextLocals.putOfRequest(request, Vertx.currentContext(), s)) {
          Object end = EndHandlers.of(
              Handler.class, HttpServerResponse.class, ctx.response(), s, VertxModule.NAME);
          ctx.addEndHandler((Handler<AsyncResult<Void>>) end);
        }
      }
    }
  }

  /**
   * The request failed with an exception (a handler threw, {@code ctx.fail(exception)}): the
   * first one names the {@code exception} label, whatever a failure handler answers.
   */
  static final class FailAdvice {
    private FailAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This RoutingContext ctx, @Advice.Argument(1) Throwable t) {
      if (t != null) {
        ReactiveRequests.failed(ReactiveRequests.of(ctx.get(ReactiveRequests.ATTRIBUTE)), t);
      }
    }
  }

  /**
   * The router answers itself: no route matched (404), or one matched the path but not the
   * method (405); a failed request ({@code ctx.fail}) keeps the route it failed in.
   */
  static final class NoMatchAdvice {
    private NoMatchAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This RoutingContext ctx) {
      if (!ctx.failed()) {
        ReactiveRequests.noRouteMatched(ReactiveRequests.of(ctx.get(ReactiveRequests.ATTRIBUTE)));
      }
    }
  }
}
