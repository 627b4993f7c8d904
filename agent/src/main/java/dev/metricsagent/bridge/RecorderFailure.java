package dev.metricsagent.bridge;

/** Reports the first failure of the recorder once, so a bug of ours never floods the host log. */
final class RecorderFailure {
  private static volatile boolean reported;

  private RecorderFailure() {}

  static void report(Throwable t) {
    if (!reported) {
      reported = true;
      System.err.println(
          "[metrics-agent] WARNING: recording a request failed, the app is unaffected; later"
              + " failures are not logged: "
              + t);
    }
  }
}
