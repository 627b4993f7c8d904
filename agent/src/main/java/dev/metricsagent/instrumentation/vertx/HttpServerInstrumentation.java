package dev.metricsagent.instrumentation.vertx;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.RouteTables;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import net.bytebuddy.asm.Advice;

/**
 * {@code HttpServerImpl.listen(SocketAddress)}: a server starts listening; if a router answers
 * its requests, its routes (sub-routers' included) are listed now, at start-up.
 */
final class HttpServerInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return VertxModule.HTTP_SERVER;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.optional(
        named("listen")
            .and(takesArguments(1))
            .and(takesArgument(0, named("io.vertx.core.net.SocketAddress"))),
        ListenAdvice.class);
  }

  /** The server's request handler, if it is a router: listed once. */
  static final class ListenAdvice {
    private ListenAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This HttpServer server) {
      Handler<HttpServerRequest> handler = server.requestHandler();
      if (handler instanceof Router) {
        RouteTables.inUse(handler);
      }
    }
  }
}
