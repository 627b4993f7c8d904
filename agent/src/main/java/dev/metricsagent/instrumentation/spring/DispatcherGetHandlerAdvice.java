package dev.metricsagent.instrumentation.spring;

import dev.metricsagent.bridge.RouteTables;
import dev.metricsagent.bridge.Requests;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import net.bytebuddy.asm.Advice;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * Exit of {@code DispatcherServlet.getHandler(HttpServletRequest)}: names the request with the
 * pattern of the handler that matched ({@code BEST_MATCHING_PATTERN_ATTRIBUTE}, set by
 * annotated and functional mappings alike), or none. Boot's static resource handler maps
 * {@code /**}: it is no route (unmatched, or {@code static} if it serves a file, see {@link
 * ResourceHandlerAdvice}). Error dispatches (to {@code /error}) keep the first dispatch's route.
 * A lookup that throws (Spring's 405) leaves the request unrouted: the late lookup at Spring's
 * entry names it with the route whose path matched.
 */
public final class DispatcherGetHandlerAdvice {
  private DispatcherGetHandlerAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.This Object dispatcher,
      @Advice.Argument(0) HttpServletRequest request,
      @Advice.Return HandlerExecutionChain chain,
      @Advice.Thrown Throwable thrown) {
    // after an attach: the routes of the mappings this servlet uses, listed once
    RouteTables.inUse(dispatcher);
    if (request.getDispatcherType() == DispatcherType.ERROR || thrown != null) {
      return; // a 405 (the path matched, the method not) is named late, by SpringRouteFinder
    }
    String template = null;
    if (chain != null && !(chain.getHandler() instanceof ResourceHttpRequestHandler)) {
      Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
      if (pattern instanceof String) {
        template = (String) pattern;
      }
    }
    Requests.routeFound(request.getMethod(), template);
  }
}
