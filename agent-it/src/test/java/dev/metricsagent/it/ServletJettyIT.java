package dev.metricsagent.it;

import java.util.List;
import java.util.Set;

/**
 * The same servlets on embedded Jetty 9.4 ({@code javax.servlet} 3.1, test-apps/servlet-jetty):
 * the mapping pattern comes from Jetty's own mapping (Servlet 3.1 has no {@code
 * getHttpServletMapping()}); Jetty's {@code Default404Servlet} is {@code unmatched}. A second web
 * app at {@code /app} (Spark behind its {@code SparkFilter}) lists its route, registered while it
 * started, with its context path, as its requests' endpoint has it.
 */
class ServletJettyIT extends ServletAppCases {
  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(Artifacts.testAppJar("servlet-jetty")).args("--port", "0");
  }

  @Override
  List<Case> serverCases() {
    return jettyServerCases();
  }

  /** Spark's route at {@code /app}, registered while that web app started. */
  @Override
  Set<String> serverRoutes() {
    return Set.of("GET /app/hi");
  }

  /** The first server case reaches the {@code /app} web app: its route is listed after attach. */
  @Override
  Set<String> routesAfterAttach() {
    return routes();
  }
}
