package dev.metricsagent.it;

/** Jersey 4.0 on Grizzly: the cases of {@link JerseyAppIT}. */
class Jersey40IT extends JerseyAppIT {
  @Override
  String jersey() {
    return "4.0";
  }
}
