package dev.metricsagent.it;

/** Jersey 3.0.16 on Tomcat 10.1: the cases of {@link JerseyWebAppIT}. */
class JerseyWeb30IT extends JerseyWebAppIT {
  @Override
  String jersey() {
    return "3.0";
  }
}
