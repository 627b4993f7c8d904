package dev.metricsagent.bridge;

/**
 * The methods of request lines a server read and then refused before the request existed, until
 * its answer is recorded, possibly on another thread (Jetty 12 answers a URI that escapes the root
 * with 400 for a placeholder request whose method is {@code BAD}, from the thread that completes
 * the response). Keyed by the request's arrival ({@code System.nanoTime()}), which the answer
 * keeps. A few slots, overwritten in turn: a refused request whose slot was taken by later ones
 * before its answer is counted {@code OTHER}, nothing grows.
 */
final class RefusedMethods {
  static final int SLOTS = 16;

  private static final long[] ARRIVALS = new long[SLOTS];
  private static final String[] METHODS = new String[SLOTS];
  private static int next;

  private RefusedMethods() {}

  static synchronized void put(long arrivalNanos, String method) {
    ARRIVALS[next] = arrivalNanos;
    METHODS[next] = method;
    next = (next + 1) % SLOTS;
  }

  /** The method refused for the request that arrived at {@code arrivalNanos}, once, or null. */
  static synchronized String take(long arrivalNanos) {
    for (int i = 0; i < SLOTS; i++) {
      if (METHODS[i] != null && ARRIVALS[i] == arrivalNanos) {
        String method = METHODS[i];
        METHODS[i] = null;
        return method;
      }
    }
    return null;
  }
}
