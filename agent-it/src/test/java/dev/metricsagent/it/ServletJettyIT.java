package dev.metricsagent.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The same servlets on embedded Jetty 9.4 ({@code javax.servlet} 3.1, test-apps/servlet-jetty):
 * the mapping pattern comes from Jetty's own mapping (Servlet 3.1 has no {@code
 * getHttpServletMapping()}); Jetty's {@code Default404Servlet} is {@code unmatched}. A second web
 * app at {@code /app} (Spark behind its {@code SparkFilter}) lists its route, registered while it
 * started, with its context path, as its requests' endpoint has it. One servlet is mapped under
 * two patterns: each request is named by the one it matched, not by the servlet's other one.
 */
class ServletJettyIT extends JettyServletAppCases {
  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(Artifacts.testAppJar("servlet-jetty")).args("--port", "0");
  }

  @Override
  List<Case> serverCases() {
    List<Case> c = new ArrayList<>(super.serverCases());
    c.add(Case.of("GET", "/salute", 200, "/salute"));
    c.add(Case.of("GET", "/greet/you", 200, "/greet/*"));
    c.add(Case.of("GET", "/salute", 200, "/salute"));
    return c;
  }

  @Override
  Set<String> serverRoutes() {
    Set<String> routes = new TreeSet<>(super.serverRoutes());
    routes.add("ANY /greet/*");
    routes.add("ANY /salute");
    return routes;
  }
}
