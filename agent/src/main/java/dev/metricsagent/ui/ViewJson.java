package dev.metricsagent.ui;

import java.util.Locale;

/**
 * {@code /-/routes.json}: the {@link View} as JSON for the page's refresh (and for scripts).
 * Numbers that are not known yet are {@code null}; a quantile's {@code hi} is {@code null} for
 * the {@code +Inf} bucket. Text from the app (templates) is escaped as JSON strings.
 */
final class ViewJson {
  private ViewJson() {}

  static String of(View v) {
    StringBuilder b = new StringBuilder(256 + v.rows.size() * 400);
    b.append("{\"at\":").append(v.atMillis);
    b.append(",\"historySeconds\":").append(v.historyMillis / 1000);
    b.append(",\"quantiles\":\"").append(v.nativeQuantiles ? "native" : "classic").append('"');
    b.append(",\"quantileWindowSeconds\":").append(v.quantileWindowMillis / 1000);
    b.append(",\"process\":{");
    b.append("\"uptimeSeconds\":");
    num(b, v.uptimeSeconds);
    b.append(",\"cpu\":");
    num(b, v.cpuShare);
    b.append(",\"processors\":").append(v.processors);
    b.append(",\"residentBytes\":");
    num(b, v.residentBytes);
    b.append(",\"heapUsedBytes\":");
    num(b, v.heapUsedBytes);
    b.append(",\"heapMaxBytes\":");
    num(b, v.heapMaxBytes);
    b.append(",\"jvmThreads\":");
    num(b, v.jvmThreads);
    b.append(",\"osThreads\":");
    num(b, v.osThreads);
    b.append(",\"gc\":");
    num(b, v.gcShare);
    b.append("},\"routes\":[");
    String sep = "";
    for (RouteRow r : v.rows) {
      b.append(sep);
      sep = ",";
      b.append("{\"key\":");
      str(b, r.route.key);
      b.append(",\"method\":");
      str(b, r.route.method);
      b.append(",\"endpoint\":");
      str(b, r.route.endpoint);
      b.append(",\"registered\":").append(r.registered);
      b.append(",\"fixed\":").append(r.fixed());
      b.append(",\"neverCalled\":").append(r.neverCalled());
      b.append(",\"total\":").append(r.total);
      b.append(",\"rate1m\":");
      num(b, r.rate1m);
      b.append(",\"rate5m\":");
      num(b, r.rate5m);
      b.append(",\"requests5m\":").append(r.requests5m);
      b.append(",\"clientErrors\":");
      num(b, r.clientErrors);
      b.append(",\"serverErrors\":");
      num(b, r.serverErrors);
      b.append(",\"clientErrorLevel\":").append(r.clientErrorLevel());
      b.append(",\"failureLevel\":").append(r.failureLevel());
      b.append(",\"p50\":");
      quantile(b, r.p50);
      b.append(",\"p95\":");
      quantile(b, r.p95);
      b.append(",\"p99\":");
      quantile(b, r.p99);
      b.append(",\"slowness\":");
      num(b, r.slowness);
      b.append(",\"slowest\":").append(r.slowest);
      b.append(",\"inProgress\":").append(r.inProgress);
      b.append('}');
    }
    b.append("],\"chart\":{\"route\":");
    if (v.selected == null) {
      b.append("null");
    } else {
      str(b, v.selected);
    }
    b.append(",\"at\":[");
    for (int i = 0; i < v.chart.at.length; i++) {
      b.append(i == 0 ? "" : ",").append(v.chart.at[i]);
    }
    b.append("],\"rate\":[");
    for (int i = 0; i < v.chart.rate.length; i++) {
      b.append(i == 0 ? "" : ",");
      num(b, v.chart.rate[i]);
    }
    b.append("],\"p95\":[");
    for (int i = 0; i < v.chart.p95.length; i++) {
      b.append(i == 0 ? "" : ",");
      num(b, v.chart.p95[i]);
    }
    b.append("]}}");
    return b.toString();
  }

  private static void quantile(StringBuilder b, Quantile q) {
    if (!q.known()) {
      b.append("null");
      return;
    }
    b.append("{\"v\":");
    num(b, q.value);
    b.append(",\"lo\":");
    num(b, q.lower);
    b.append(",\"hi\":");
    num(b, q.upper);
    b.append('}');
  }

  static void num(StringBuilder b, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      b.append("null");
    } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      b.append((long) v);
    } else {
      b.append(v); // Double.toString: a JSON number (1.5, 2.0E-4)
    }
  }

  /** Chart values: a float's shortest form ({@code 0.2}, not {@code 0.20000000298023224}). */
  static void num(StringBuilder b, float v) {
    if (Float.isNaN(v) || Float.isInfinite(v)) {
      b.append("null");
    } else {
      b.append(v);
    }
  }

  static void str(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          // control characters, and < > & so the JSON is inert even if embedded in HTML
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }
}
