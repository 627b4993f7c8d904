package dev.metricsagent.instrumentation.servlet;

import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Servlet containers on {@code jakarta.servlet} (5.0+): Tomcat 10.1 and 11, Jetty 11, Jetty 12
 * ee10. The container's outermost dispatch of a request times it and records it once; a framework
 * hook inside (Spark, Javalin, Spring, Jersey) names it, else the servlet mapping pattern that
 * matched ({@code /api/*}, {@code *.jsp}); no mapping, or the container's default servlet's 404,
 * is {@code unmatched}, a file it serves {@code static}. Templates are joined to the web app's
 * context path ({@code /app1/items/*}). Async requests end when their async context completes.
 * The web app's servlet mappings feed the route inventory (method {@code ANY}) when its first
 * request arrives ({@link ServletContextLister}, for every servlet module).
 *
 * <p>The {@code javax} containers are {@link JavaxServletModule} (Tomcat 9) and {@link
 * Jetty9Module} (Jetty 9.4): the same hooks, compiled against the other API.
 */
public final class ServletModule implements InstrumentationModule {
  static final String API = "jakarta.servlet";

  @Override
  public String name() {
    return "servlet";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Arrays.<TypeInstrumentation>asList(
        new TomcatInstrumentation(),
        new Jetty11Instrumentation(),
        new Jetty12Instrumentation());
  }

  @Override
  public String requiredType() {
    return API + ".http.HttpServletRequest";
  }

  @Override
  public List<Reference> references() {
    return ServletReferences.of(API, true, true);
  }
}
