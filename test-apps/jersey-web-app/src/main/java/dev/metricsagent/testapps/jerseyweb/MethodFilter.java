package dev.metricsagent.testapps.jerseyweb;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A servlet filter in front of Jersey that refuses {@code TRACE} with 405. */
public class MethodFilter implements Filter {
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if ("TRACE".equals(((HttpServletRequest) request).getMethod())) {
      ((HttpServletResponse) response).sendError(405, "TRACE is not allowed");
      return;
    }
    chain.doFilter(request, response);
  }
}
