package dev.metricsagent.it;

import java.util.ArrayList;
import java.util.List;

/**
 * The WebFlux app of {@link WebFluxAppIT} on Boot 3.5 with Tomcat instead of Reactor Netty
 * (test-apps/webflux-tomcat): the container's hook times each request, WebFlux's match names it,
 * each counted once. A {@code WebFilter}'s refusal before routing and a 405 are {@code unmatched}
 * there (the late lookup runs only for WebFlux's own requests on Reactor Netty).
 */
class WebFluxTomcatIT extends WebFluxAppIT {
  @Override
  String boot() {
    return "3.5";
  }

  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(Artifacts.testAppFile("webflux-tomcat/target/webflux-tomcat-3.5.jar"))
        .args("--server.port=0", "--server.address=127.0.0.1");
  }

  /** On Tomcat sizes are a servlet request's ({@code ServletSizes}), not the exchange's. */
  @Override
  String agentOptions() {
    return "";
  }

  @Override
  void requestAndResponseSizesAreReadFromTheExchange() {}

  @Override
  List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (Case c : super.cases()) {
      boolean refusedOr405 =
          c.status() == 405 || c.status() == 401 && c.endpoint().equals("/api/secure/data");
      cases.add(
          refusedOr405
              ? new Case(
                  c.method(), c.path(), c.body(), c.headers(), c.status(), c.labelMethod(),
                  "unmatched", c.closed(), c.raw(), c.leaveAfter())
              : c);
    }
    return cases;
  }
}
