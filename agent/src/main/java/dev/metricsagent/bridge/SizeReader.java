package dev.metricsagent.bridge;

/**
 * Reads body sizes from the server's own request and response objects. Installed by an
 * instrumentation module when the size metrics are on; called by the bridge, never by advice,
 * so a server it does not know costs nothing but a -1.
 */
public interface SizeReader {
  /** Request body bytes, or -1 if unknown. */
  long requestBytes(Object request);

  /** Response body bytes written, or -1 if unknown. */
  long responseBytes(Object response);
}
