package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The IT's exposition parser: the ITs' exact assertions are only as good as this. */
class ScrapeTest {
  private static final String TEXT =
      "# HELP http_requests_total Total HTTP requests.\n"
          + "# TYPE http_requests_total counter\n"
          + "http_requests_total{method=\"GET\",endpoint=\"/items/:id\",status_code=\"200\"} 3.0\n"
          + "http_requests_total{status_code=\"404\",endpoint=\"unmatched\",method=\"GET\"} 2\n"
          + "odd{v=\"a \\\"quoted\\\" \\\\ back,slash\\nline\"} 1.5e3\n"
          + "h_bucket{le=\"+Inf\"} 7 1700000000000\n"
          + "process_threads 35.0\n";

  @Test
  void keysHaveSortedLabelsAndValuesParse() {
    Scrape s = Scrape.ofText(TEXT);
    assertEquals(
        Map.of(
            "http_requests_total{endpoint=\"/items/:id\",method=\"GET\",status_code=\"200\"}", 3.0,
            "http_requests_total{endpoint=\"unmatched\",method=\"GET\",status_code=\"404\"}", 2.0),
        s.seriesNamed("http_requests_total"));
    assertEquals(
        2.0,
        s.value(
            "http_requests_total", "status_code", "404", "method", "GET", "endpoint", "unmatched"));
    assertEquals(1500.0, s.value("odd", "v", "a \"quoted\" \\ back,slash\nline"));
    assertEquals(7.0, s.value("h_bucket", "le", "+Inf"));
    assertEquals(35.0, s.value("process_threads"));
    assertEquals(5.0, s.sum("http_requests_total"));
    assertEquals(Set.of("http_requests_total", "odd", "h_bucket", "process_threads"), s.names());
  }

  @Test
  void aRepeatedSeriesFails() {
    assertThrows(AssertionError.class, () -> Scrape.ofText("a 1\na 2\n"));
  }
}
