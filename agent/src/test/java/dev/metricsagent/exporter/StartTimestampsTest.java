package dev.metricsagent.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.config.AgentConfig;
import dev.metricsagent.core.HttpMetrics;
import dev.metricsagent.core.HttpMetricsOptions;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Start timestamps by format and option, through the registry the exporter serves. */
class StartTimestampsTest {
  static final String TEXT = "text/plain; version=0.0.4";
  static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0";
  static final String PROTOBUF =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

  private final PrometheusProperties props = StartTimestamps.properties(true);
  private final PrometheusRegistry registry = new PrometheusRegistry();

  StartTimestampsTest() {
    HttpMetrics m = new HttpMetrics(props, registry, HttpMetricsOptions.DEFAULTS.withExemplars(false));
    m.record("GET", "/a", 200, 1_000_000L);
  }

  private static PrometheusRegistry served(PrometheusRegistry r, String options) throws Exception {
    return StartTimestamps.served(r, AgentConfig.parse(options, new Properties(), Collections.emptyMap()));
  }

  /** A scrape as the exporter makes it: the served registry, the writer the Accept header picks. */
  private String scrape(PrometheusRegistry served, String accept) throws Exception {
    ExpositionFormatWriter w = ExpositionFormats.init(props.getExporterProperties()).findWriter(accept);
    MetricSnapshots s = served.scrape(name -> true, request(accept));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.write(out, s, EscapingScheme.ALLOW_UTF8);
    return w.toDebugString(s, EscapingScheme.ALLOW_UTF8);
  }

  private static boolean anyCreated(MetricSnapshots s) {
    for (MetricSnapshot m : s) {
      for (Object p : m.getDataPoints()) {
        if (p instanceof CounterSnapshot.CounterDataPointSnapshot
                && ((CounterSnapshot.CounterDataPointSnapshot) p).hasCreatedTimestamp()
            || p instanceof HistogramSnapshot.HistogramDataPointSnapshot
                && ((HistogramSnapshot.HistogramDataPointSnapshot) p).hasCreatedTimestamp()) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void onByDefaultInOpenMetricsAndProtobufNeverInText() throws Exception {
    PrometheusRegistry on = served(registry, "");
    assertTrue(scrape(on, OPENMETRICS).contains("http_requests_created{"), scrape(on, OPENMETRICS));
    assertTrue(anyCreated(on.scrape(name -> true, request(PROTOBUF))));
    assertTrue(scrape(on, PROTOBUF).contains("created_timestamp"), scrape(on, PROTOBUF));
    String text = scrape(on, TEXT);
    assertFalse(text.contains("_created"), text);
    assertTrue(text.contains("http_requests_total{"), text);
  }

  @Test
  void offInEveryFormat() throws Exception {
    PrometheusRegistry off = served(registry, "start_timestamps=false");
    for (String accept : new String[] {TEXT, OPENMETRICS, PROTOBUF}) {
      assertFalse(anyCreated(off.scrape(name -> true, request(accept))), accept);
      assertFalse(scrape(off, accept).contains("created"), accept);
    }
    // everything else is kept: the same series and values
    assertEquals(
        scrape(served(registry, ""), TEXT), scrape(off, TEXT));
  }

  private static PrometheusHttpRequest request(String accept) {
    return new PrometheusHttpRequest() {
      @Override
      public String getQueryString() {
        return null;
      }

      @Override
      public Enumeration<String> getHeaders(String name) {
        return "Accept".equalsIgnoreCase(name)
            ? Collections.enumeration(Collections.singletonList(accept))
            : Collections.emptyEnumeration();
      }

      @Override
      public String getMethod() {
        return "GET";
      }

      @Override
      public String getRequestPath() {
        return "/metrics";
      }
    };
  }
}
