package dev.metricsagent.it;

/** Spring Boot 3.5 (Spring 6.2), WebFlux on Reactor Netty: the cases of {@link WebFluxAppIT}. */
class WebFlux35IT extends WebFluxAppIT {
  @Override
  String boot() {
    return "3.5";
  }
}
