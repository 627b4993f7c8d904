package dev.metricsagent.instrumentation.spring;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;

/**
 * Spring's request entries: {@code OncePerRequestFilter.doFilter}, {@code
 * DelegatingFilterProxy.doFilter} (Spring Security's chain) and {@code FrameworkServlet.service}.
 *
 * <p>Timing: the outermost entry times and records (the bridge's depth counter), so on a servlet
 * container whose own hook is outermost these only nest; on their own, the first Spring filter
 * times the request (error and async dispatches are part of the request that caused them, not
 * new ones; an async request is recorded when its first dispatch returns: the servlet
 * container's module, where there is one, ends it at completion instead).
 *
 * <p>Naming: when a filter answered a request bound for a DispatcherServlet before the servlet
 * looked its route up (Spring Security's 401), the first filter exit asks the app's handler
 * mappings which handler would have matched ({@link SpringRouteFinder}); a request the dispatcher
 * saw never pays for it.
 */
public final class SpringEntryAdvice {
  private SpringEntryAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static RequestState enter(@Advice.Argument(0) ServletRequest request) {
    // an error or async dispatch belongs to the request that caused it, already counted
    DispatcherType type = request.getDispatcherType(); // read once: each hook of a request asks
    if (type != DispatcherType.REQUEST
        && type != DispatcherType.FORWARD
        && type != DispatcherType.INCLUDE) {
      return null;
    }
    return Requests.start();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter RequestState state,
      @Advice.Argument(0) ServletRequest request,
      @Advice.Argument(1) ServletResponse response,
      @Advice.Thrown Throwable thrown) {
    if (state == null || !(request instanceof HttpServletRequest)) {
      return;
    }
    HttpServletRequest http = (HttpServletRequest) request;
    if (state.nested()) { // the hook outside answers: only the exception is kept, nothing read
      state.answered(null, 0, false, thrown);
    } else {
      HttpServletResponse httpResponse = (HttpServletResponse) response;
      state.answered(http.getMethod(), httpResponse.getStatus(), httpResponse.isCommitted(), thrown);
      state.traceparent(state.traceparentWanted() ? http.getHeader("traceparent") : null);
    }
    Requests.findLate(SpringModule.NAME, null, http, state); // a filter answered: SpringRouteFinder
    Requests.end(state, request, response);
  }
}
