package dev.metricsagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The page's pieces: the chart's path (15 minutes wide ending now, gaps where there is no value)
 * and its scale, and route templates as cells show them.
 */
class PageHtmlTest {
  @Test
  void chartPathBreaksAtMissingValuesAndShowsLonePoints() {
    long[] at = {0, 5_000, 10_000, 15_000};
    float[] v = {1, Float.NaN, 2, 3};
    assertEquals(
        "M551.5 84.5h0M557.2 59.0h0L560.0 33.5", PageHtml.path(at, v, 15_000, 4));
  }

  @Test
  void pointsOlderThanTheSpanAreLeftOut() {
    long now = 2 * PageHtml.CHART_SPAN_MILLIS;
    assertEquals(
        "M560.0 110.0h0", PageHtml.path(new long[] {0, now}, new float[] {1, 0}, now, 1));
  }

  private static String endpoint(String template) {
    StringBuilder b = new StringBuilder();
    PageHtml.endpoint(b, template);
    return b.toString();
  }

  @Test
  void templatesBreakOnlyAfterASlash() {
    assertEquals("<span class=\"endpoint\">/health/<wbr>live</span>", endpoint("/health/live"));
    assertEquals("<span class=\"endpoint\">/products/<wbr>:id</span>", endpoint("/products/:id"));
  }

  @Test
  void bidiControlCharactersAreShownEscapedNotApplied() {
    String rlo = "/files/\u202Egpj.exe";
    String html = endpoint(rlo);
    for (char c : new char[] {'\u202E', '\u202A', '\u2066', '\u200F', '\u061C'}) {
      assertFalse(endpoint("/a" + c + "b").indexOf(c) >= 0, Integer.toHexString(c));
    }
    assertEquals(
        "<span class=\"endpoint\" title=\"/files/\\u202Egpj.exe\">/files/<wbr>\\u202Egpj.exe</span>",
        html);
  }

  @Test
  void aLongTemplateIsCutWithTheWholeOfItOnHover() {
    StringBuilder t = new StringBuilder("/start");
    while (t.length() < 10_000) {
      t.append("/segment").append(t.length());
    }
    t.append("/end");
    String html = endpoint(t.toString());
    String shown = html.substring(html.indexOf('>') + 1, html.lastIndexOf("</span>"))
        .replace("<wbr>", "");
    assertEquals(PageHtml.SHOWN_CHARS, shown.length(), shown);
    assertTrue(shown.startsWith("/start/segment") && shown.endsWith("/end"), shown);
    assertTrue(shown.contains("\u2026"), shown);
    assertTrue(html.contains(" title=\"" + t + "\""), "the whole template on hover");
    // a pair of surrogates is never split
    String emoji = "/" + "\uD83D\uDE00".repeat(100);
    String cut = endpoint(emoji);
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      if (Character.isHighSurrogate(c)) {
        assertTrue(Character.isLowSurrogate(cut.charAt(i + 1)), "split at " + i);
      } else if (Character.isLowSurrogate(c)) {
        assertTrue(Character.isHighSurrogate(cut.charAt(i - 1)), "split at " + i);
      }
    }
  }

  /** One cold request (0.33 s among ~1 ms p95s) does not set the axis; it is marked instead. */
  @Test
  void anOutlierDoesNotSetTheChartsScale() {
    float[] p95 = new float[60];
    long[] at = new long[60];
    for (int i = 0; i < p95.length; i++) {
      at[i] = i * 5_000L;
      p95[i] = 0.0012f + (i % 5) * 0.0001f;
    }
    for (int i = 3; i < 15; i++) { // in the p95 of each one-minute window for 12 steps
      p95[i] = 0.33f;
    }
    double top = PageHtml.axisTop(p95, true);
    assertTrue(top < 0.005, "axis top " + top);
    StringBuilder b = new StringBuilder();
    PageHtml.chart(b, at, p95, at[59], true);
    String svg = b.toString();
    assertEquals(12, svg.split("<circle class=\"outlier\"", -1).length - 1, svg);
    assertTrue(svg.contains("<title>330 ms (above the scale)</title>"), svg);
    assertTrue(svg.contains(">max 330 ms \u2191</text>"), svg);
    // without an outlier: the highest value and 15 %, nothing marked
    for (int i = 3; i < 15; i++) {
      p95[i] = 0.0015f;
    }
    assertEquals(0.0016 * 1.15, PageHtml.axisTop(p95, true), 1e-6);
    b.setLength(0);
    PageHtml.chart(b, at, p95, at[59], true);
    assertFalse(b.toString().contains("outlier"), b.toString());
  }
}
