package dev.metricsagent.instrumentation.jaxrs;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * Grizzly's {@code HttpServerFilter.onHttpHeaderError}: the HTTP codec answers a request whose
 * head it refused (no {@code Host} on HTTP/1.1, a malformed request line, an unsupported version:
 * 400 or the status it set, 505) before any handler, so the request is counted there, {@code
 * unmatched}, with the method it read ({@code GrizzlyHeaderErrorAdvice}).
 */
final class GrizzlyServerFilterInstrumentation implements TypeInstrumentation {
  static final String SERVER_FILTER = "org.glassfish.grizzly.http.HttpServerFilter";

  @Override
  public String typeName() {
    return SERVER_FILTER;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("onHttpHeaderError").and(takesArguments(3)),
        "dev.metricsagent.instrumentation.jaxrs.GrizzlyHeaderErrorAdvice",
        "onHttpHeaderError(HttpHeader, FilterChainContext, Throwable)");
  }
}
