package dev.metricsagent.core;

import io.prometheus.metrics.model.snapshots.Labels;

/**
 * The exemplar labels of a W3C Trace Context {@code traceparent} header: {@code
 * 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}. Anything malformed gives no exemplar,
 * never an error: the header comes from clients.
 */
final class Traceparent {
  private static final int TRACE_ID_START = 3;
  private static final int SPAN_ID_START = 36;
  private static final int FLAGS_START = 53;
  private static final int LENGTH = 55;

  private Traceparent() {}

  /** {@code trace_id} and {@code span_id} labels, or null if the header is not valid. */
  static Labels labels(String header) {
    if (header == null || header.length() < LENGTH) {
      return null;
    }
    // version 00 is exactly 55 characters; a later version may append fields after a '-'
    if (!isHex(header, 0, 2)
        || header.startsWith("ff")
        || (header.startsWith("00") && header.length() != LENGTH)
        || (header.length() > LENGTH && header.charAt(LENGTH) != '-')
        || header.charAt(2) != '-'
        || header.charAt(SPAN_ID_START - 1) != '-'
        || header.charAt(FLAGS_START - 1) != '-'
        || !isHex(header, TRACE_ID_START, 32)
        || !isHex(header, SPAN_ID_START, 16)
        || !isHex(header, FLAGS_START, 2)
        || isZero(header, TRACE_ID_START, 32)
        || isZero(header, SPAN_ID_START, 16)) {
      return null;
    }
    return Labels.of(
        "span_id", header.substring(SPAN_ID_START, SPAN_ID_START + 16),
        "trace_id", header.substring(TRACE_ID_START, TRACE_ID_START + 32));
  }

  /** Lower-case hex only, as the specification requires. */
  private static boolean isHex(String s, int from, int count) {
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(String s, int from, int count) {
    for (int i = from; i < from + count; i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
