package dev.metricsagent.it;

/** Jersey 3.1 on Grizzly: the cases of {@link JerseyAppIT}. */
class Jersey31IT extends JerseyAppIT {
  @Override
  String jersey() {
    return "3.1";
  }
}
