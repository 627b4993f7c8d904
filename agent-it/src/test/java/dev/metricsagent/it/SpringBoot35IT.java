package dev.metricsagent.it;

/** Spring Boot 3.5 (Spring 6.2, Tomcat 10.1): the cases of {@link SpringBootAppIT}. */
class SpringBoot35IT extends SpringBootAppIT {
  @Override
  String boot() {
    return "3.5";
  }

  @Override
  int traceStatus() {
    return 400;
  }
}
