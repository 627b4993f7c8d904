package dev.metricsagent.it;

/** Jersey 2.47 (javax) on Tomcat 9: the cases of {@link JerseyWebAppIT}. */
class JerseyWeb2IT extends JerseyWebAppIT {
  @Override
  String jersey() {
    return "2";
  }
}
