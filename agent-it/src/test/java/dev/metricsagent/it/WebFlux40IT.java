package dev.metricsagent.it;

/** Spring Boot 4.0 (Spring 7), WebFlux on Reactor Netty: the cases of {@link WebFluxAppIT}. */
class WebFlux40IT extends WebFluxAppIT {
  @Override
  String boot() {
    return "4.0";
  }
}
