package dev.metricsagent.it;

/**
 * The WebFlux app of {@link WebFluxAppIT} on Boot 3.5 with Tomcat instead of Reactor Netty
 * (test-apps/webflux-tomcat): the container's hook times each request, WebFlux's match names it,
 * each counted once; a {@code WebFilter}'s refusal before routing and a 405 get their route from
 * the late lookup when the async context completes, as on Reactor Netty.
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
}
