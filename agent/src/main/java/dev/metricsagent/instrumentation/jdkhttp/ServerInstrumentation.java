package dev.metricsagent.instrumentation.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import dev.metricsagent.bridge.RouteEvents;
import dev.metricsagent.bridge.Settings;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import net.bytebuddy.asm.Advice;

/**
 * {@code sun.net.httpserver.ServerImpl}, behind both {@code HttpServer} and {@code HttpsServer}:
 * {@code createContext} and {@code removeContext} keep the route inventory (method {@code ANY}).
 */
final class ServerInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return "sun.net.httpserver.ServerImpl";
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice
        .optional(
            named("createContext")
                .and(isPublic())
                .and(takesArguments(2))
                .and(takesArgument(0, String.class))
                .and(takesArgument(1, named(JdkHttpModule.API + "HttpHandler"))),
            CreateWithHandlerAdvice.class)
        .optional(
            named("createContext")
                .and(isPublic())
                .and(takesArguments(1))
                .and(takesArgument(0, String.class)),
            CreateAdvice.class)
        .optional(
            named("removeContext")
                .and(isPublic())
                .and(takesArguments(1))
                .and(takesArgument(0, String.class))
                .and(returns(void.class)),
            RemoveByPathAdvice.class)
        .optional(
            named("removeContext")
                .and(isPublic())
                .and(takesArguments(1))
                .and(takesArgument(0, named(JdkHttpModule.API + "HttpContext"))),
            RemoveAdvice.class);
  }

  /** A context with its handler: listed unless it is the agent's own exporter's. */
  static final class CreateWithHandlerAdvice {
    private CreateWithHandlerAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(
        @Advice.Argument(0) String path, @Advice.Argument(1) HttpHandler handler) {
      if (!Settings.ownHandler(handler)) {
        RouteEvents.added(RouteEvents.ANY_METHOD, path);
      }
    }
  }

  static final class CreateAdvice {
    private CreateAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) String path) {
      RouteEvents.added(RouteEvents.ANY_METHOD, path);
    }
  }

  static final class RemoveByPathAdvice {
    private RemoveByPathAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) String path) {
      RouteEvents.removed(RouteEvents.ANY_METHOD, path);
    }
  }

  static final class RemoveAdvice {
    private RemoveAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) HttpContext context) {
      RouteEvents.removed(RouteEvents.ANY_METHOD, context.getPath());
    }
  }
}
