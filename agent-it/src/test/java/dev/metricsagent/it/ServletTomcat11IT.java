package dev.metricsagent.it;

import java.util.List;
import java.util.Set;

/**
 * The servlet-tomcat app's classes on Tomcat 11 ({@code jakarta.servlet} 6.1,
 * test-apps/servlet-tomcat11): the Tomcat hook and its answers are those of Tomcat 10.1.
 */
class ServletTomcat11IT extends ServletAppCases {
  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.mainClass(
            Artifacts.testAppThinJar("servlet-tomcat")
                + ":"
                + Artifacts.testAppLibs("servlet-tomcat11")
                + "/*",
            "dev.metricsagent.testapps.servlet.TomcatServletApp")
        .args("--port", "0");
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
