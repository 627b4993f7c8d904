package dev.metricsagent.it;

/**
 * The servlets on embedded Jetty 12 ee10 ({@code jakarta.servlet} 6.0,
 * test-apps/servlet-jetty12): hooked at {@code ServletHandler$MappedServlet.handle}; Jetty's
 * {@code Default404Servlet} is {@code unmatched}.
 */
class ServletJetty12IT extends ServletAppCases {
  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(Artifacts.testAppJar("servlet-jetty12")).args("--port", "0");
  }
}
