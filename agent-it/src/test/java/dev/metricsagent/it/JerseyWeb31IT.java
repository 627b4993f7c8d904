package dev.metricsagent.it;

/** Jersey 3.1.12 on Tomcat 10.1: the cases of {@link JerseyWebAppIT}. */
class JerseyWeb31IT extends JerseyWebAppIT {
  @Override
  String jersey() {
    return "3.1";
  }
}
