package dev.metricsagent.it;

import java.util.List;
import java.util.Set;

/**
 * Plain servlets on embedded Tomcat 10.1 ({@code jakarta.servlet}, test-apps/servlet-tomcat):
 * {@code endpoint} is the servlet mapping pattern; error pages, forwards and async dispatches do
 * not make a second request; async requests end when their context completes.
 */
class ServletTomcatIT extends ServletAppCases {
  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(Artifacts.testAppJar("servlet-tomcat")).args("--port", "0");
  }

  @Override
  List<Case> serverCases() {
    return tomcatServerCases();
  }

  @Override
  Set<String> serverRoutes() {
    return Set.of("ANY /app/hi");
  }
}
