package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What the agent reports about its own coverage ({@code metrics_agent_instrumentation_info},
 * {@code metrics_agent_series_dropped_total}), with the options that change how series are named
 * or exposed ({@code label_endpoint}, {@code start_timestamps}), in child JVMs: a Spark release
 * the Spark module fits, and a "Spark" it does not fit (test-apps/missing-hooks).
 */
class SelfCoverageIT {
  private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private static int port(ChildJvm app, String name) {
    return Integer.parseInt(app.awaitStdout(name + " listening on http://localhost:(\\d+)").group(1));
  }

  /** The series of {@code name} whose labels contain all of {@code labels} (name="value" pairs). */
  private static SortedMap<String, Double> matching(Scrape s, String name, String... labels) {
    SortedMap<String, Double> out = new TreeMap<>();
    for (Map.Entry<String, Double> e : s.seriesNamed(name).entrySet()) {
      boolean all = true;
      for (String l : labels) {
        all &= e.getKey().contains(l);
      }
      if (all) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  @Test
  void aFittingModuleIsReportedAppliedWithItsVersionAndTheEndpointLabelIsRenamed() {
    int metricsPort = FreePort.find();
    ChildJvm app =
        ChildJvm.builder("SelfCoverageIT-spark", "fixture")
            .agent("port=" + metricsPort + ",host=127.0.0.1,label_endpoint=route")
            .mainClass(
                Artifacts.sparkFixtureClasses() + ":" + Artifacts.sparkLibs("2.8.0") + "/*",
                "dev.metricsagent.testapps.SparkFixtureApp")
            .args("--port", "" + FreePort.find())
            .start();
    try {
      Http http = new Http(port(app, "fixture"));
      app.awaitStderr("serving metrics on");
      assertEquals(200, http.get("/hello").status());
      Scrape s =
          Scrape.await(metricsPort, x -> x.sum("http_requests_total") >= 1, Duration.ofSeconds(10));
      SortedMap<String, Double> spark =
          matching(s, "metrics_agent_instrumentation_info", "stack=\"spark\"");
      assertFalse(spark.isEmpty(), s.text());
      spark.forEach(
          (k, v) -> {
            assertTrue(k.contains("status=\"applied\"") && k.contains("version=\"2.8.0\""), k);
            assertEquals(1.0, v, k);
          });
      assertEquals(
          Map.of(
              Scrape.key("http_requests_total", "method", "GET", "route", "/hello", "status_code", "200"),
              1.0),
          s.seriesNamed("http_requests_total"));
      assertEquals(1.0, s.value("http_route_info", "method", "GET", "route", "/hello"));
      assertEquals(0.0, s.value("metrics_agent_series_dropped_total", "reason", "max_endpoints"));
      // start timestamps: in OpenMetrics (the default), never in the text format
      assertFalse(s.text().contains("_created"), s.text());
      String om = new String(http(metricsPort).get("/metrics", "Accept", OPENMETRICS).bodyBytes());
      assertTrue(
          om.contains("http_requests_created{method=\"GET\",route=\"/hello\",status_code=\"200\"} "), om);
      assertTrue(app.isAlive());
    } finally {
      app.destroy();
    }
  }

  @Test
  void aModuleThatDoesNotFitIsReportedWithTheReasonAndStartTimestampsCanBeOff() {
    int metricsPort = FreePort.find();
    ChildJvm app =
        ChildJvm.builder("SelfCoverageIT-missing-hooks", "app")
            .agent("port=" + metricsPort + ",host=127.0.0.1,start_timestamps=false")
            .jar(Artifacts.missingHooksJar())
            .start();
    try {
      Http http = new Http(port(app, "missing-hooks"));
      assertEquals(200, http.get("/hello").status());
      app.awaitStderr("serving metrics on");
      Scrape s =
          Scrape.await(metricsPort, x -> x.sum("http_requests_total") >= 1, Duration.ofSeconds(10));
      SortedMap<String, Double> spark =
          matching(s, "metrics_agent_instrumentation_info", "stack=\"spark\"");
      assertEquals(1, spark.size(), s.text());
      String key = spark.firstKey();
      assertTrue(key.contains("status=\"missing_member\""), key);
      assertTrue(key.contains("hook=\"spark."), key);
      assertEquals(
          1,
          matching(s, "metrics_agent_instrumentation_info", "stack=\"jdkhttp\"", "status=\"applied\"")
              .size(),
          s.text());
      // the live page says the same in words
      String page = new String(http(metricsPort).get("/").bodyBytes());
      assertTrue(page.contains("spark unknown: off, "), page);
      String om = new String(http(metricsPort).get("/metrics", "Accept", OPENMETRICS).bodyBytes());
      assertTrue(om.contains("http_requests_total{"), om);
      assertFalse(om.contains("_created"), om);
    } finally {
      app.destroy();
    }
  }

  private static Http http(int port) {
    return Http.connectionPerRequest(port);
  }
}
