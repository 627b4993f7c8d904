package dev.metricsagent.instrumentation.micronaut;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * A Netty server connection's outbound access, one per request, HTTP/1 ({@code
 * PipeliningServerHandler$OutboundAccessImpl}) and HTTP/2 ({@code
 * MultiplexedServerHandler$MultiplexedStream}) hooked alike: {@code write(HttpResponse, ByteBody)}
 * and {@code writeHeadResponse(HttpResponse)} take the response the client gets, whatever made it
 * (a route, a filter, an error handler, Micronaut's own fallback): its status is the request's,
 * its body's expected length the response size.
 */
final class OutboundAccessInstrumentation implements TypeInstrumentation {
  private static final String STATUS =
      "dev.metricsagent.instrumentation.micronaut.MicronautStatusAdvice";

  private final String typeName;

  OutboundAccessInstrumentation(String typeName) {
    this.typeName = typeName;
  }

  @Override
  public String typeName() {
    return typeName;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice
        .required(
            named("write").and(takesArguments(2)),
            "dev.metricsagent.instrumentation.micronaut.MicronautWriteAdvice",
            "void write(HttpResponse, ByteBody)")
        .required(
            named("writeHeadResponse").and(takesArguments(1)),
            STATUS,
            "void writeHeadResponse(HttpResponse)");
  }
}
