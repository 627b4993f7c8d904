package dev.metricsagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The page's number formats (ui.js has the same functions; the browser test reads both). */
class FormatTest {
  @Test
  void fixedDecimals() {
    assertEquals("0.00", Format.fixed(0, 2));
    assertEquals("2", Format.fixed(1.5, 0));
    assertEquals("12.3", Format.fixed(12.345, 1));
    assertEquals("0.05", Format.fixed(0.05, 2));
    assertEquals("-0.5", Format.fixed(-0.5, 1));
    assertEquals("1000.000", Format.fixed(999.9999, 3));
  }

  @Test
  void figures() {
    assertEquals("0.42 ms", Format.seconds(0.00042));
    assertEquals("4.2 ms", Format.seconds(0.0042));
    assertEquals("250 ms", Format.seconds(0.25));
    assertEquals("1.50 s", Format.seconds(1.5));
    assertEquals("12.0 s", Format.seconds(12));
    assertEquals("–", Format.seconds(Double.NaN));
    assertEquals("29%", Format.percent(2 / 7.0));
    assertEquals("5.0%", Format.percent(0.05));
    assertEquals("0%", Format.percent(0));
    assertEquals("0.98", Format.rate(0.98));
    assertEquals("12.5", Format.rate(12.5));
    assertEquals("0", Format.rate(0));
    assertEquals("1 h 2 min", Format.uptime(3725));
    assertEquals("4 min 7 s", Format.uptime(247));
    assertEquals("96 MiB", Format.mib(96 * 1024 * 1024));
  }
}
