package dev.metricsagent.it;

/**
 * The same servlets on embedded Jetty 9.4 ({@code javax.servlet} 3.1, test-apps/servlet-jetty):
 * the mapping pattern comes from Jetty's own mapping (Servlet 3.1 has no {@code
 * getHttpServletMapping()}); Jetty's {@code Default404Servlet} is {@code unmatched}.
 */
class ServletJettyIT extends ServletAppCases {
  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(Artifacts.testAppJar("servlet-jetty")).args("--port", "0");
  }
}
