package dev.metricsagent.it;

import java.util.List;
import java.util.Set;

/**
 * {@link ServletAppCases} on embedded Jetty, with a second web app at {@code /app} whose framework
 * registers its route ({@code GET /hi}) while that web app starts: listed with the context path
 * ({@code /app/hi}), as its requests' endpoint has it.
 */
abstract class JettyServletAppCases extends ServletAppCases {
  /**
   * The web app at {@code /app} (Spark on 9.4, Jersey on 12); its 404 is Jetty's {@code
   * Default404Servlet}'s or the framework's.
   */
  @Override
  List<Case> serverCases() {
    return List.of(
        Case.of("GET", "/app/hi", 200, "/app/hi"),
        Case.of("GET", "/app/hi", 200, "/app/hi"),
        Case.of("GET", "/app/nope", 404, "unmatched"));
  }

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
