package dev.metricsagent.bridge;

/**
 * Reads the scheme and protocol version of a request from the server's own request object, as one
 * small code ({@link #scheme} | {@link #version}). Installed only when the naming profile labels
 * them (OpenTelemetry's {@code url_scheme}, {@code network_protocol_version}); called by the
 * bridge at request end, never by advice, and a request it cannot read is {@link #UNKNOWN}.
 */
public interface ConnectionReader {
  int UNKNOWN = 0;

  int HTTP = 1 << 2;
  int HTTPS = 2 << 2;

  int HTTP_1_0 = 1;
  int HTTP_1_1 = 2;
  int HTTP_2 = 3;

  /** One more than the largest code. */
  int CODES = 3 << 2;

  /** The code of {@code request} (may be null): a scheme or'ed with a version, 0 if unknown. */
  int connection(Object request);

  /** The scheme part of a code: {@link #HTTP}, {@link #HTTPS} or 0. */
  static int scheme(int code) {
    return code & ~3;
  }

  /** The version part of a code: {@link #HTTP_1_0}, {@link #HTTP_1_1}, {@link #HTTP_2} or 0. */
  static int version(int code) {
    return code & 3;
  }
}
