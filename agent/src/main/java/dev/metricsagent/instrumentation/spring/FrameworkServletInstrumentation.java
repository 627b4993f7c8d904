package dev.metricsagent.instrumentation.spring;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/** {@code FrameworkServlet.service}: a request entry (times it where no outer hook does). */
final class FrameworkServletInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return SpringModule.FRAMEWORK_SERVLET;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("service")
            .and(takesArguments(2))
            .and(takesArgument(0, named(SpringModule.HTTP_REQUEST)))
            .and(takesArgument(1, named(SpringModule.HTTP_RESPONSE))),
        SpringEntryAdvice.class,
        "service(HttpServletRequest, HttpServletResponse)");
  }
}
