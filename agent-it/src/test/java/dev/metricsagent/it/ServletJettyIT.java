package dev.metricsagent.it;

import java.util.List;

/**
 * The same servlets on embedded Jetty 9.4 ({@code javax.servlet} 3.1, test-apps/servlet-jetty):
 * the mapping pattern comes from Jetty's own mapping (Servlet 3.1 has no {@code
 * getHttpServletMapping()}); Jetty's {@code Default404Servlet} is {@code unmatched}. A second web
 * app at {@code /app} (Spark behind its {@code SparkFilter}) lists its route, registered while it
 * started, with its context path, as its requests' endpoint has it.
 */
class ServletJettyIT extends JettyServletAppCases {
  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(Artifacts.testAppJar("servlet-jetty")).args("--port", "0");
  }
}
