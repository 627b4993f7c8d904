package dev.metricsagent.testapps.spring;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A plain servlet beside the DispatcherServlet, at {@code /plain/*} (as an H2 console or a
 * legacy servlet would be): Spring's filters run for it, Spring MVC never sees it.
 */
@Configuration
public class PlainServletConfig {
  @Bean
  ServletRegistrationBean<HttpServlet> plainServlet() {
    return new ServletRegistrationBean<HttpServlet>(new PlainServlet(), "/plain/*");
  }

  static final class PlainServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain");
      resp.getWriter().write("plain " + req.getPathInfo());
    }
  }
}
