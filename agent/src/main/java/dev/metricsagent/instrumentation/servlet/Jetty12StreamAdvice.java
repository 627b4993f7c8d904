package dev.metricsagent.instrumentation.servlet;

import dev.metricsagent.bridge.Requests;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.http.HttpParser;

/**
 * {@link HttpConnectionInstrumentation}'s advice (Java 17, against Jetty 12): a request line
 * Jetty refused while creating its request leaves its method for {@link
 * Jetty12CompletionAdvice}, keyed by the request's arrival, which Jetty's answer keeps.
 */
public final class Jetty12StreamAdvice {
  private Jetty12StreamAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.FieldValue("_parser") HttpParser parser,
      @Advice.Argument(0) String method,
      @Advice.Thrown Throwable thrown) {
    if (thrown != null) {
      Requests.serverRefused(parser.getBeginNanoTime(), method);
    }
  }
}
