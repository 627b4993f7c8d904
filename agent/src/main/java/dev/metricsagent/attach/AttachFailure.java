package dev.metricsagent.attach;

/** One clear line for the user; the command exits non-zero. */
final class AttachFailure extends Exception {
  private static final long serialVersionUID = 1L;

  AttachFailure(String message) {
    super(message);
  }
}
