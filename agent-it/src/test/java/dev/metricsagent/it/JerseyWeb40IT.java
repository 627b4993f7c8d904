package dev.metricsagent.it;

/** Jersey 4.0.2 on Tomcat 11: the cases of {@link JerseyWebAppIT}. */
class JerseyWeb40IT extends JerseyWebAppIT {
  @Override
  String jersey() {
    return "4.0";
  }
}
