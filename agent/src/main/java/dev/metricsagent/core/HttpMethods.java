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

  /**
   * The index of {@code method} in {@link #LABELS}. Frameworks hand us either the wire form
   * ({@code GET}) or their own enum name ({@code get}); both are matched without allocating.
   */
  static int index(String method) {
    if (method == null) {
      return COUNT - 1;
    }
    switch (method) {
      case "GET":
      case "get":
        return 0;
      case "HEAD":
      case "head":
        return 1;
      case "POST":
      case "post":
        return 2;
      case "PUT":
      case "put":
        return 3;
      case "DELETE":
      case "delete":
        return 4;
      case "PATCH":
      case "patch":
        return 5;
      case "OPTIONS":
      case "options":
        return 6;
      case "TRACE":
      case "trace":
        return 7;
      case "CONNECT":
      case "connect":
        return 8;
      default:
        return COUNT - 1;
    }
  }

  /** The label for {@code method}: its standard upper-case name or {@code OTHER}. */
  public static String normalise(String method) {
    return LABELS[index(method)];
  }
}
