package dev.metricsagent.instrumentation.spring;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/** {@code DispatcherServlet.getHandler}: the handler that matched names the request. */
final class DispatcherServletInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return SpringModule.DISPATCHER_SERVLET;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(
        named("getHandler")
            .and(takesArguments(1))
            .and(takesArgument(0, named(SpringModule.HTTP_REQUEST)))
            .and(returns(named(SpringModule.CHAIN))),
        DispatcherGetHandlerAdvice.class,
        "HandlerExecutionChain getHandler(HttpServletRequest)");
  }
}
