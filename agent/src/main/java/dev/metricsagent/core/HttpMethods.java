package dev.metricsagent.core;

/**
 * Normalises request methods to a small fixed set so arbitrary client input can never create new
 * series: the standard methods, upper case, and {@link #OTHER} for anything else.
 */
public final class HttpMethods {
  public static final String OTHER = "OTHER";

  /** Label values by index; {@link #index} maps a method to its position here. */
  static final String[] LABELS = {
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", OTHER
  };

  static final int COUNT = LABELS.length;

  private HttpMethods() {}

  /** {@link #LABELS} in lower case (a framework's enum name), by the same index. */
  private static final String[] LOWER = {
    "get", "head", "post", "put", "delete", "patch", "options", "trace", "connect"
  };

  /**
   * The index of {@code method} in {@link #LABELS}. Frameworks hand us either the wire form
   * ({@code GET}) or their own enum name ({@code get}); both are matched without allocating. Small
   * enough for the JIT to inline on the record path ({@code GET} is one comparison), which a
   * {@code switch} on the string is not.
   */
  static int index(String method) {
    if (method != null) {
      for (int i = 0; i < LOWER.length; i++) {
        if (LABELS[i].equals(method) || LOWER[i].equals(method)) {
          return i;
        }
      }
    }
    return COUNT - 1;
  }

  /** The label for {@code method}: its standard upper-case name or {@code OTHER}. */
  public static String normalise(String method) {
    return LABELS[index(method)];
  }
}
