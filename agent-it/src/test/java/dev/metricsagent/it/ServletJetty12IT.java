package dev.metricsagent.it;

import java.util.ArrayList;
import java.util.List;

/**
 * The servlets on embedded Jetty 12 ee10 ({@code jakarta.servlet} 6.0,
 * test-apps/servlet-jetty12): hooked at {@code ServletHandler$MappedServlet.handle}; Jetty's
 * {@code Default404Servlet} is {@code unmatched}, and so is what Jetty answers before any servlet.
 * A second web app at {@code /app} (Jersey's {@code ServletContainer}, load-on-startup) lists its
 * route, registered while it started, with its context path, as its requests' endpoint has it.
 * What Jetty answers before any servlet ({@link #jettyServerCases}) is counted with the method the
 * client sent, also for every ambiguous URI Jetty refuses before the request exists.
 */
class ServletJetty12IT extends JettyServletAppCases {
  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(Artifacts.testAppJar("servlet-jetty12")).args("--port", "0");
  }

  @Override
  List<Case> cases() {
    List<Case> c = new ArrayList<>(super.cases());
    c.addAll(jettyServerCases());
    return c;
  }
}
