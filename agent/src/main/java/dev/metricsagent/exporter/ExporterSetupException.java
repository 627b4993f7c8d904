package dev.metricsagent.exporter;

import java.io.IOException;

/**
 * The exporter's TLS or authentication could not be set up (a secret missing, a bad keystore).
 * The message is one line naming the option and never contains a secret; the exporter is then
 * not started at all rather than started without the protection that was asked for.
 */
public final class ExporterSetupException extends IOException {
  private static final long serialVersionUID = 1L;

  ExporterSetupException(String message) {
    super(message);
  }

  /** The message alone: it is logged as is, after "cannot serve metrics on host:port: ". */
  @Override
  public String toString() {
    return getMessage();
  }
}
