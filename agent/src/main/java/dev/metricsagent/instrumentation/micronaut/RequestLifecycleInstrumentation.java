package dev.metricsagent.instrumentation.micronaut;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * {@code NettyRequestLifecycle}, Micronaut's handling of one request on its Netty server: {@code
 * handleNormal(NettyHttpRequest)} (every request the server parsed, malformed ones included) and
 * {@code handleException(NettyHttpRequest, Throwable)} (a request whose URI it could not take)
 * start it; {@code findFile(HttpRequest)} answers one no route matched with a static file.
 */
final class RequestLifecycleInstrumentation implements TypeInstrumentation {
  private static final String START =
      "dev.metricsagent.instrumentation.micronaut.MicronautStartAdvice";

  @Override
  public String typeName() {
    return MicronautModule.LIFECYCLE;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice
        .required(
            named("handleNormal")
                .and(takesArguments(1))
                .and(takesArgument(0, named(MicronautModule.NETTY_REQUEST))),
            START,
            "void handleNormal(NettyHttpRequest)")
        .required(
            named("handleException")
                .and(takesArguments(2))
                .and(takesArgument(0, named(MicronautModule.NETTY_REQUEST))),
            START,
            "void handleException(NettyHttpRequest, Throwable)")
        .required(
            named("findFile")
                .and(takesArguments(1))
                .and(takesArgument(0, named(MicronautModule.HTTP_REQUEST))),
            "dev.metricsagent.instrumentation.micronaut.MicronautStaticAdvice",
            "FileCustomizableResponseType findFile(HttpRequest)");
  }
}
