package dev.metricsagent.instrumentation.spring;

import dev.metricsagent.bridge.Requests;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;

/**
 * Exit of {@code ResourceHttpRequestHandler.handleRequest}: a file served (no exception, status
 * below 400, 304 included) is {@code static}; a missing one (Spring 6.1+ throws {@code
 * NoResourceFoundException}) stays unmatched.
 */
public final class ResourceHandlerAdvice {
  private ResourceHandlerAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(0) HttpServletRequest request,
      @Advice.Argument(1) HttpServletResponse response,
      @Advice.Thrown Throwable thrown) {
    if (thrown == null
        && response.getStatus() < 400
        && request.getDispatcherType() != DispatcherType.ERROR) {
      Requests.staticResourceServed();
    }
  }
}
