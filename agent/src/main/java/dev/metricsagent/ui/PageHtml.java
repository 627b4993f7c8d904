package dev.metricsagent.ui;

import java.net.URLEncoder;
import java.io.UnsupportedEncodingException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

/**
 * The page, rendered here only: it reads the same with JavaScript off, and {@code ui.js} fetches
 * this same page every 5 s (and on a click on a header or route link) and swaps in the elements
 * that carry an id ({@link #LIVE_IDS}); it renders nothing itself. Every text that came from the
 * app is escaped ({@link #esc}, {@link #endpoint}); the page loads nothing but {@code /-/ui.css}
 * and {@code /-/ui.js} from this port.
 */
final class PageHtml {
  /** Columns: sort key, header, what the header says on hover. */
  static final String[][] COLUMNS = {
    {"route", "Route", "method and route template, as in the endpoint label"},
    {"r1", "req/s 1m", "requests per second over the last minute"},
    {"r5", "req/s 5m", "requests per second over the last 5 minutes"},
    {"total", "Total", "requests since the agent started (http_requests_total)"},
    {"e4", "4xx", "share of the last 5 minutes' requests answered 4xx"},
    {"e5", "5xx", "share of the last 5 minutes' requests answered 5xx"},
    {"p50", "p50", "median latency over the last 5 minutes, estimated from histogram buckets"},
    {"p95", "p95", "95th percentile latency over the last 5 minutes, estimated from buckets"},
    {"p99", "p99", "99th percentile latency over the last 5 minutes, estimated from buckets"},
    {"inprog", "In progress", "requests being handled now (http_requests_in_progress)"},
  };

  static final long CHART_SPAN_MILLIS = History.STEPS * Sampler.STEP_MILLIS;

  /** The elements the script replaces on a refresh (ui.js names the same). */
  static final String[] LIVE_IDS = {
    "updated", "history", "process", "charts", "routes", "empty", "quantiles"
  };

  /** Characters of a route template shown in a cell; longer ones are cut, whole on hover. */
  static final int SHOWN_CHARS = 96;

  private PageHtml() {}

  /**
   * @param sort a column key, or null for the route
   * @param descending the sort direction
   */
  static String of(View v, String sort, boolean descending) {
    return of(v, sort, descending, java.util.Collections.<String>emptyList());
  }

  /** As {@link #of(View, String, boolean)}, with the agent's coverage: one line per module. */
  static String of(View v, String sort, boolean descending, List<String> coverage) {
    String sortKey = column(sort) < 0 ? "route" : sort;
    StringBuilder b = new StringBuilder(4096 + v.rows.size() * 900);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>metrics-agent · live</title>")
        .append("<link rel=\"stylesheet\" href=\"/-/ui.css\">")
        .append("<script src=\"/-/ui.js\" defer></script></head>\n<body>\n");
    b.append("<header><h1>metrics-agent <span class=\"live\">live</span></h1>")
        .append("<p class=\"meta\">Updated <span id=\"updated\">").append(clock(v.atMillis))
        .append("</span> · history <span id=\"history\">")
        .append(Format.uptime(v.historyMillis / 1000.0))
        .append("</span> of 15 min · <a href=\"/metrics\">/metrics</a> · <span id=\"refresh\">")
        .append("refreshes every 5 s with JavaScript</span></p></header>\n");
    process(b, v);
    String sortQuery = "route".equals(sortKey) && !descending
        ? "" : "sort=" + sortKey + "&amp;dir=" + (descending ? "desc" : "asc");
    b.append("<section id=\"charts\" class=\"charts\"><h2>Last 15 minutes: <span id=\"chart-title\">");
    if (v.selected == null) {
      b.append("all routes");
    } else {
      endpoint(b, v.selected);
    }
    b.append("</span> <a id=\"chart-all\" href=\"?").append(sortQuery).append('"')
        .append(v.selected == null ? " hidden" : "")
        .append(">show all routes</a></h2><div class=\"chart-row\">");
    b.append("<figure><figcaption>Requests/s (1 min rate)</figcaption><div id=\"chart-rate\">");
    chart(b, v.chart.at, v.chart.rate, v.atMillis, false);
    b.append("</div></figure><figure><figcaption>p95 latency (1 min)</figcaption>")
        .append("<div id=\"chart-p95\">");
    chart(b, v.chart.at, v.chart.p95, v.atMillis, true);
    b.append("</div></figure></div></section>\n");

    b.append("<table id=\"routes\" data-sort=\"").append(sortKey).append("\" data-dir=\"")
        .append(descending ? "desc" : "asc").append("\"><thead><tr>");
    for (String[] c : COLUMNS) {
      boolean current = c[0].equals(sortKey);
      boolean nextDesc = current ? !descending : !"route".equals(c[0]);
      b.append("<th data-col=\"").append(c[0]).append("\" title=\"").append(c[2]).append('"');
      if (current) {
        b.append(" aria-sort=\"").append(descending ? "descending" : "ascending").append('"');
      }
      b.append("><a href=\"?sort=").append(c[0]).append("&amp;dir=")
          .append(nextDesc ? "desc" : "asc");
      if (v.selected != null) {
        b.append("&amp;route=");
        esc(b, urlEncode(v.selected));
      }
      b.append("\">").append(c[1]).append("</a></th>");
    }
    b.append("</tr></thead><tbody>\n");
    for (RouteRow r : sorted(v.rows, sortKey, descending)) {
      row(b, r, v.selected, sortQuery);
    }
    b.append("</tbody></table>\n");
    b.append("<p id=\"empty\" class=\"note\"").append(v.rows.isEmpty() ? "" : " hidden")
        .append(">No routes yet: the app has registered none and answered no request.</p>\n");
    // always there, hidden while empty: the refresh swaps it in once a module's verdict comes
    b.append("<section id=\"coverage\" class=\"note\"").append(coverage.isEmpty() ? " hidden" : "")
        .append("><h2>Instrumentation</h2><ul>");
    for (String line : coverage) {
      b.append("<li>");
      esc(b, line);
      b.append("</li>");
    }
    b.append("</ul></section>\n");
    b.append("<footer class=\"note\"><p>Rates: the increase of <code>http_requests_total</code>")
        .append(" between a snapshot taken every 5 s and now, divided by the exact time between")
        .append(" them. Ratios cover the last 5 minutes. <span id=\"quantiles\">");
    quantileNote(b, v);
    b.append("</span> Red marks 5xx answers, amber 4xx; the bar is p95 against the slowest")
        .append(" route's. Charts: values above 4 times the chart's median (a cold first request)")
        .append(" do not set the scale: they are drawn at the top, marked, the value on hover.</p>")
        .append("</footer>\n")
        .append("</body></html>\n");
    return b.toString();
  }

  /** Where the percentiles come from, and over which window. */
  static void quantileNote(StringBuilder b, View v) {
    String window = Format.uptime(v.quantileWindowMillis / 1000.0);
    if (v.nativeQuantiles) {
      b.append("Percentiles (over the last ").append(window).append(") come from the native")
          .append(" histogram buckets of <code>http_request_duration_seconds</code>: a bucket")
          .append(" is 2.2 % wide at the default schema, so each is within 2.2 % of the true")
          .append(" value, as a native <code>histogram_quantile</code> (hover for the bucket).");
    } else {
      b.append("Percentiles (over the last ").append(window).append(") come from the classic")
          .append(" buckets of <code>http_request_duration_seconds</code> (native histograms")
          .append(" are off), interpolated linearly inside the bucket they fall in, as")
          .append(" <code>histogram_quantile</code> does: on a fast app most requests share the")
          .append(" first bucket, so read them as bounds (hover for the bucket).");
    }
  }

  private static void process(StringBuilder b, View v) {
    b.append("<section id=\"process\" class=\"summary\">");
    item(b, "uptime", "Uptime", Format.uptime(v.uptimeSeconds), "since the JVM started");
    item(b, "cpu", "CPU", Format.percent(v.cpuShare),
        "process CPU over the last minute, share of " + v.processors + " processors");
    item(b, "rss", "RSS", Format.mib(v.residentBytes), "resident memory of the process");
    item(b, "heap", "Heap", heap(v.heapUsedBytes, v.heapMaxBytes), "used of max");
    item(b, "threads", "Threads", Format.count(v.jvmThreads) + " JVM / " + Format.count(v.osThreads)
        + " OS", "live JVM threads / all threads of the process");
    item(b, "gc", "GC time", Format.percent(v.gcShare), "share of the last minute spent in GC");
    b.append("</section>\n");
  }

  static String heap(double used, double max) {
    return Format.mib(used) + (max > 0 ? " / " + Format.mib(max) : "");
  }

  private static void item(StringBuilder b, String id, String label, String value, String title) {
    b.append("<div title=\"").append(title).append("\"><span class=\"k\">").append(label)
        .append("</span><span class=\"v\" id=\"p-").append(id).append("\">").append(value)
        .append("</span></div>");
  }

  static void row(StringBuilder b, RouteRow r, String selected, String sortQuery) {
    b.append("<tr data-route=\"");
    esc(b, r.route.key);
    b.append('"');
    String cls = rowClass(r, selected);
    if (!cls.isEmpty()) {
      b.append(" class=\"").append(cls).append('"');
    }
    // the link selects the route's chart, or back to all routes when it is the selected one
    b.append("><td class=\"route\"><a href=\"?").append(sortQuery);
    if (!r.route.key.equals(selected)) {
      b.append(sortQuery.isEmpty() ? "" : "&amp;").append("route=");
      esc(b, urlEncode(r.route.key));
    }
    b.append("\"><span class=\"method\">");
    esc(b, r.route.method);
    b.append("</span> ");
    endpoint(b, r.route.endpoint);
    b.append("</a>");
    if (r.neverCalled()) {
      b.append(" <span class=\"badge never\">never called</span>");
    }
    if (r.fixed()) {
      b.append(" <span class=\"badge fixed\">no route</span>");
    }
    b.append("</td>");
    cell(b, "r1", Format.rate(r.rate1m), null);
    cell(b, "r5", Format.rate(r.rate5m), null);
    cell(b, "total", Long.toString(r.total), null);
    cell(b, "e4 l" + r.clientErrorLevel(), Format.percent(r.clientErrors),
        r.requests5m + " requests in the last 5 minutes");
    cell(b, "e5 l" + r.failureLevel(), Format.percent(r.serverErrors),
        r.requests5m + " requests in the last 5 minutes");
    cell(b, "p50", Format.quantile(r.p50), Format.bucket(r.p50));
    b.append("<td class=\"num p95\" title=\"");
    esc(b, Format.bucket(r.p95));
    b.append("\">").append(Format.quantile(r.p95));
    bar(b, r.slowness);
    b.append("</td>");
    cell(b, "p99", Format.quantile(r.p99), Format.bucket(r.p99));
    cell(b, "inprog", Long.toString(r.inProgress), null);
    b.append("</tr>\n");
  }

  static String rowClass(RouteRow r, String selected) {
    StringBuilder c = new StringBuilder();
    if (r.neverCalled()) {
      c.append(" never");
    }
    if (r.fixed()) {
      c.append(" fixed");
    }
    if (r.failureLevel() > 0) {
      c.append(" failing");
    }
    if (r.slowest) {
      c.append(" slowest");
    }
    if (r.route.key.equals(selected)) {
      c.append(" selected");
    }
    return c.toString().trim();
  }

  private static void cell(StringBuilder b, String cls, String text, String title) {
    b.append("<td class=\"num ").append(cls).append('"');
    if (title != null) {
      b.append(" title=\"");
      esc(b, title);
      b.append('"');
    }
    b.append('>').append(text).append("</td>");
  }

  /** p95 against the slowest route's, as a bar (SVG: no inline style under the CSP). */
  private static void bar(StringBuilder b, double share) {
    int w = (int) Math.round(Math.max(0, Math.min(1, share)) * 100);
    b.append("<svg class=\"bar\" viewBox=\"0 0 100 4\" preserveAspectRatio=\"none\"")
        .append(" aria-hidden=\"true\"><rect width=\"").append(w)
        .append("\" height=\"4\"></rect></svg>");
  }

  /**
   * A line chart of the last 15 minutes as inline SVG; gaps where there is no value.
   *
   * @param seconds values are durations (axis in ms/s) rather than rates
   */
  static void chart(StringBuilder b, long[] at, float[] values, long now, boolean seconds) {
    double max = 0;
    for (float f : values) {
      if (!Float.isNaN(f)) {
        max = Math.max(max, f);
      }
    }
    double top = axisTop(values, seconds);
    b.append("<svg class=\"chart\" viewBox=\"0 0 ").append(W).append(' ').append(H)
        .append("\" role=\"img\"><path class=\"grid\" d=\"M")
        .append(X0).append(" ").append(Y0).append("H").append(W).append("M").append(X0)
        .append(" ").append(Y1).append("H").append(W).append("\"></path>")
        .append("<text class=\"axis\" x=\"").append(X0 - 4).append("\" y=\"").append(Y1 + 4)
        .append("\">").append(seconds ? Format.seconds(top) : Format.rate(top))
        .append("</text><text class=\"axis\" x=\"").append(X0 - 4).append("\" y=\"").append(Y0)
        .append("\">0</text><text class=\"axis start\" x=\"").append(X0).append("\" y=\"")
        .append(H - 2).append("\">−15 min</text><text class=\"axis end\" x=\"").append(W)
        .append("\" y=\"").append(H - 2).append("\">now</text>");
    b.append("<path class=\"line\" d=\"").append(path(at, values, now, top)).append("\"></path>");
    if (max > top) { // the values the scale left out: at the top, marked, the value on hover
      for (int i = 0; i < values.length; i++) {
        double x = x(at[i], now);
        if (values[i] > top && x >= X0) {
          String v = seconds ? Format.seconds(values[i]) : Format.rate(values[i]);
          b.append("<circle class=\"outlier\" cx=\"").append(Math.round(x * 10) / 10.0)
              .append("\" cy=\"").append(Y1).append("\" r=\"3\"><title>").append(v)
              .append(" (above the scale)</title></circle>");
        }
      }
      b.append("<text class=\"axis end outlier\" x=\"").append(W).append("\" y=\"")
          .append(Y1 + 4).append("\">max ")
          .append(seconds ? Format.seconds(max) : Format.rate(max)).append(" \u2191</text>");
    }
    b.append("</svg>");
  }

  /**
   * The chart's top: 15 % above the highest value, unless that value is an outlier, more than 4
   * times the median of the chart's values (one cold request is in the p95 of the 12 one-minute
   * windows after it, so the median, not a high percentile, is what it cannot move): then 3 times
   * the median, so the rest of the line stays readable.
   */
  static double axisTop(float[] values, boolean seconds) {
    float[] known = new float[values.length];
    int n = 0;
    for (float f : values) {
      if (!Float.isNaN(f)) {
        known[n++] = f;
      }
    }
    if (n == 0) {
      return seconds ? 0.01 : 1;
    }
    java.util.Arrays.sort(known, 0, n);
    double max = known[n - 1];
    double median = known[(n - 1) / 2];
    if (max <= 0) {
      return seconds ? 0.01 : 1;
    }
    return n >= 5 && median > 0 && max > 4 * median ? median * 3 : max * 1.15;
  }

  private static double x(long at, long now) {
    return X0 + (W - X0) * (1 - (now - at) / (double) CHART_SPAN_MILLIS);
  }

  static final int W = 560;
  static final int H = 130;
  static final int X0 = 48;
  static final int Y0 = 110; // the zero line
  static final int Y1 = 8; // the top line

  static String path(long[] at, float[] values, long now, double top) {
    StringBuilder d = new StringBuilder();
    boolean pen = false;
    for (int i = 0; i < values.length; i++) {
      float f = values[i];
      if (Float.isNaN(f)) {
        pen = false;
        continue;
      }
      double x = x(at[i], now);
      double y = Y0 - (Y0 - Y1) * (Math.min(f, top) / top); // above the scale: at the top
      if (x < X0) {
        continue;
      }
      d.append(pen ? "L" : "M").append(Math.round(x * 10) / 10.0).append(' ')
          .append(Math.round(y * 10) / 10.0);
      if (!pen) {
        d.append("h0"); // a point alone still shows (round caps)
      }
      pen = true;
    }
    return d.toString();
  }

  static List<RouteRow> sorted(List<RouteRow> rows, String key, boolean descending) {
    List<RouteRow> out = new ArrayList<RouteRow>(rows);
    Comparator<RouteRow> c = comparator(key);
    Collections.sort(out, descending ? Collections.reverseOrder(c) : c);
    return out;
  }

  /** Unknown values sort as the smallest; ties by route. */
  private static Comparator<RouteRow> comparator(final String key) {
    return new Comparator<RouteRow>() {
      @Override
      public int compare(RouteRow a, RouteRow b) {
        int c = "route".equals(key) ? 0 : Double.compare(value(a, key), value(b, key));
        return c != 0 ? c : a.route.compareTo(b.route);
      }
    };
  }

  static double value(RouteRow r, String key) {
    double v;
    switch (key) {
      case "r1": v = r.rate1m; break;
      case "r5": v = r.rate5m; break;
      case "total": v = r.total; break;
      case "e4": v = r.clientErrors; break;
      case "e5": v = r.serverErrors; break;
      case "p50": v = r.p50.value; break;
      case "p95": v = r.p95.value; break;
      case "p99": v = r.p99.value; break;
      case "inprog": v = r.inProgress; break;
      default: v = 0;
    }
    return Double.isNaN(v) ? -1 : v;
  }

  static int column(String key) {
    for (int i = 0; i < COLUMNS.length; i++) {
      if (COLUMNS[i][0].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private static String clock(long millis) {
    SimpleDateFormat f = new SimpleDateFormat("HH:mm:ss 'UTC'", Locale.ROOT);
    f.setTimeZone(TimeZone.getTimeZone("UTC"));
    return f.format(new Date(millis));
  }

  static String urlEncode(String s) {
    try {
      return URLEncoder.encode(s, "UTF-8").replace("+", "%20");
    } catch (UnsupportedEncodingException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A route template as the page shows it: escaped; lines may break only after a {@code /}
   * ({@code <wbr>}), never inside a name; bidirectional control characters, which would reorder
   * the rest of the cell, shown as their code ({@code \u202E}); a template longer than {@value
   * #SHOWN_CHARS} characters cut in the middle, the whole of it on hover.
   */
  static void endpoint(StringBuilder b, String text) {
    boolean cut = text.length() > SHOWN_CHARS;
    b.append("<span class=\"endpoint\"");
    if (cut || hasBidiControl(text)) {
      b.append(" title=\"");
      visible(b, text, false);
      b.append('"');
    }
    b.append('>');
    if (cut) {
      int head = SHOWN_CHARS * 2 / 3;
      int tail = SHOWN_CHARS - head - 1;
      if (Character.isHighSurrogate(text.charAt(head - 1))) {
        head--; // never split a pair
      }
      int from = text.length() - tail;
      if (Character.isLowSurrogate(text.charAt(from))) {
        from++;
      }
      visible(b, text.substring(0, head), true);
      b.append("\u2026");
      visible(b, text.substring(from), true);
    } else {
      visible(b, text, true);
    }
    b.append("</span>");
  }

  /** Bidirectional formatting characters (Unicode's Bidi_Control property). */
  static boolean isBidiControl(char c) {
    return c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069');
  }

  private static boolean hasBidiControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isBidiControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static void visible(StringBuilder b, String s, boolean breakAfterSlash) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isBidiControl(c)) {
        b.append("\\u").append(Integer.toHexString(0x10000 | c).substring(1).toUpperCase());
      } else if (c == '/' && breakAfterSlash && i > 0) {
        b.append("/<wbr>");
      } else {
        esc(b, c);
      }
    }
  }

  /** Escapes text for HTML element content and double-quoted attributes. */
  static void esc(StringBuilder b, String s) {
    for (int i = 0; i < s.length(); i++) {
      esc(b, s.charAt(i));
    }
  }

  private static void esc(StringBuilder b, char c) {
    switch (c) {
      case '<': b.append("&lt;"); break;
      case '>': b.append("&gt;"); break;
      case '&': b.append("&amp;"); break;
      case '"': b.append("&quot;"); break;
      case '\'': b.append("&#39;"); break;
      default: b.append(c);
    }
  }
}
