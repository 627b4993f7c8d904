package dev.metricsagent.it;

/** Spring Boot 4.0 (Spring 7), WebFlux on Reactor Netty: the cases of {@link WebFluxAppIT}. */
class WebFlux40IT extends WebFluxAppIT {
  @Override
  String boot() {
    return "4.0";
  }

  /**
   * One request per connection: on a kept-alive connection Reactor Netty 1.3 (Boot 4.0.7) now
   * and then stops answering the next request, the bare app as well (a few in a hundred;
   * reactor/reactor-netty#4361), which would fail the run for a reason that is not the agent's.
   */
  @Override
  String serverOption() {
    return "server.netty.max-keep-alive-requests=1";
  }
}
