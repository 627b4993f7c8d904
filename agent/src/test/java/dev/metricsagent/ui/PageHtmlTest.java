package dev.metricsagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The chart's path: 15 minutes wide ending now, gaps where there is no value. */
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
}
