package dev.metricsagent.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * Jetty 12 ee10 ({@code jakarta.servlet} 6.0): {@code ServletHandler$MappedServlet.handle(handler,
 * pathInContext, request, response)}, which {@code ServletChannel} calls for each dispatch of a
 * request to its servlet (filters included) and {@code Dispatcher} for forwards, includes, error
 * pages and async dispatches. Its request and response are the 3rd and 4th arguments, as in Jetty
 * 11's {@code ServletHandler.doHandle}, so the advice is {@link Jetty11Instrumentation}'s.
 */
final class Jetty12Instrumentation implements TypeInstrumentation {
  static final String MAPPED_SERVLET =
      "org.eclipse.jetty.ee10.servlet.ServletHandler$MappedServlet";

  @Override
  public String typeName() {
    return MAPPED_SERVLET;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("handle")
            .and(takesArguments(4))
            .and(takesArgument(2, named("jakarta.servlet.http.HttpServletRequest")))
            .and(takesArgument(3, named("jakarta.servlet.http.HttpServletResponse"))),
        Jetty11Instrumentation.DoHandleAdvice.class,
        "handle(ServletHandler, String, HttpServletRequest, HttpServletResponse)");
  }
}
