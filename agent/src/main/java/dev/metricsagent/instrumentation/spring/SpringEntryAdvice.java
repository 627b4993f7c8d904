package dev.metricsagent.instrumentation.spring;

import dev.metricsagent.bridge.Bridge;
import dev.metricsagent.bridge.RequestState;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.asm.Advice;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.util.ServletRequestPathUtils;

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
 * looked its route up (Spring Security's 401), the first filter exit asks the app's handler mappings, in the
 * DispatcherServlet's order, which handler would have matched, and takes its pattern. The
 * request attributes that lookup adds are removed again; a request the dispatcher saw never
 * pays for it.
 */
public final class SpringEntryAdvice {
  private SpringEntryAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static RequestState enter(@Advice.Argument(0) ServletRequest request) {
    // an error or async dispatch belongs to the request that caused it, already counted
    if (request.getDispatcherType() != DispatcherType.REQUEST
        && request.getDispatcherType() != DispatcherType.FORWARD
        && request.getDispatcherType() != DispatcherType.INCLUDE) {
      return null;
    }
    return Bridge.requestStart();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter RequestState state,
      @Advice.Argument(0) ServletRequest request,
      @Advice.Argument(1) ServletResponse response,
      @Advice.Thrown Throwable thrown) {
    Bridge.requestFailed(thrown); // names the exception label, where a profile has one
    if (state == null || !(request instanceof HttpServletRequest)) {
      return;
    }
    HttpServletRequest http = (HttpServletRequest) request;
    if (Bridge.routeLookupMissing()) {
      // only a request bound for a DispatcherServlet: another servlet's (an H2 console, say)
      // is the container module's to name
      HttpServletMapping servlet = http.getHttpServletMapping();
      ServletRegistration registration =
          servlet == null
              ? null
              : http.getServletContext().getServletRegistration(servlet.getServletName());
      WebApplicationContext context =
          registration != null
                  && "org.springframework.web.servlet.DispatcherServlet"
                      .equals(registration.getClassName())
              ? WebApplicationContextUtils.getWebApplicationContext(http.getServletContext())
              : null;
      if (context != null) {
        String template = null;
        List<HandlerMapping> mappings =
            new ArrayList<HandlerMapping>(
                BeanFactoryUtils.beansOfTypeIncludingAncestors(
                        context, HandlerMapping.class, true, false)
                    .values());
        AnnotationAwareOrderComparator.sort(mappings);
        Set<String> before = new HashSet<String>(Collections.list(http.getAttributeNames()));
        try {
          if (!ServletRequestPathUtils.hasParsedRequestPath(http)) {
            ServletRequestPathUtils.parseAndCache(http);
          }
          for (HandlerMapping mapping : mappings) {
            HandlerExecutionChain chain = mapping.getHandler(http);
            if (chain != null) {
              Object pattern = http.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
              if (pattern instanceof String
                  && !(chain.getHandler() instanceof ResourceHttpRequestHandler)) {
                template = (String) pattern;
              }
              break;
            }
          }
        } catch (Exception noHandler) {
          // 405, 406 and the like: no route
        } finally {
          for (String name : Collections.list(http.getAttributeNames())) {
            if (!before.contains(name)) {
              http.removeAttribute(name);
            }
          }
        }
        Bridge.routeFoundByLateLookup(http.getMethod(), template);
      }
    }
    HttpServletResponse httpResponse = (HttpServletResponse) response;
    // an exception out of Spring is the container's 500, unless a status was sent already
    int status =
        thrown == null || httpResponse.isCommitted() ? httpResponse.getStatus() : 500;
    Bridge.requestEnd(
        state,
        request,
        response,
        http.getMethod(),
        status,
        Bridge.traceparentWanted() ? http.getHeader("traceparent") : null);
  }
}
