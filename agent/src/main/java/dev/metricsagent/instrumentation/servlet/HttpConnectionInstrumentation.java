package dev.metricsagent.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * Jetty 12's HTTP/1 {@code HttpConnection.newHttpStream(method, uri, version)}: the parser hands
 * it a request line it read. A URI that escapes the root ({@code /%2e%2e/etc}) throws there,
 * before the request exists; Jetty then answers 400 for a placeholder request with the method
 * {@code BAD}. The method the client sent is kept for that answer ({@code
 * Jetty12StreamAdvice}), so it is counted with it, as every other request Jetty answers is.
 */
final class HttpConnectionInstrumentation implements TypeInstrumentation {
  static final String HTTP_CONNECTION = "org.eclipse.jetty.server.internal.HttpConnection";

  @Override
  public String typeName() {
    return HTTP_CONNECTION;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.optional(
        named("newHttpStream")
            .and(takesArguments(3))
            .and(takesArgument(0, named("java.lang.String")))
            .and(takesArgument(1, named("java.lang.String"))),
        "dev.metricsagent.instrumentation.servlet.Jetty12StreamAdvice");
  }
}
