package dev.metricsagent.it;

/** Spring Boot 4.0 (Spring 7, Tomcat 11): the cases of {@link SpringBootAppIT}. */
class SpringBoot40IT extends SpringBootAppIT {
  @Override
  String boot() {
    return "4.0";
  }

  @Override
  int traceStatus() {
    return 405;
  }
}
