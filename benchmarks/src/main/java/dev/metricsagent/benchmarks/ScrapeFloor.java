package dev.metricsagent.benchmarks;

import dev.metricsagent.exporter.StartTimestamps;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;

/**
 * The Prometheus client alone, as the floor under the agent's scrape: a plain registry holding
 * what {@link ScrapeBenchmark} records through the agent ({@code endpoints} routes, each one
 * {@code http_requests_total} series and one {@code http_request_duration_seconds} histogram with
 * the same buckets, classic and native as the agent's default, the same three observations), the
 * client's JVM and process collectors and a {@code process_threads} gauge, served by the client's
 * own {@link HTTPServer} with its own executor. The text format is served with start timestamps
 * off (as the agent serves it, without {@code _created} lines), OpenMetrics and protobuf by a
 * second server with them on (as the agent's defaults), from the same registry.
 */
final class ScrapeFloor implements AutoCloseable {
  private final HTTPServer text;
  private final HTTPServer withCreated;

  ScrapeFloor(int endpoints) throws IOException {
    PrometheusProperties on = StartTimestamps.properties(true);
    PrometheusProperties off = StartTimestamps.properties(false);
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter requests =
        Counter.builder(on)
            .name("http_requests_total")
            .help("Total HTTP requests handled, by method, route template and status code.")
            .labelNames("method", "endpoint", "status_code")
            .withoutExemplars()
            .register(registry);
    Histogram duration =
        Histogram.builder(on)
            .name("http_request_duration_seconds")
            .help("Duration of HTTP request handling in seconds, by method and route template.")
            .unit(Unit.SECONDS)
            .labelNames("method", "endpoint")
            .classicUpperBounds(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10)
            .withoutExemplars()
            .register(registry);
    for (int i = 0; i < endpoints; i++) {
      String template = "/api/v1/resource" + i + "/:id";
      for (double seconds : new double[] {.002, .030, .400}) {
        requests.labelValues("GET", template, "200").inc();
        duration.labelValues("GET", template).observe(seconds);
      }
    }
    JvmMetrics.builder(on).register(registry);
    GaugeWithCallback.builder(on)
        .name("process_threads")
        .help("Number of OS threads in the process.")
        .callback(cb -> cb.call(Thread.activeCount()))
        .register(registry);
    text = HTTPServer.builder(off).hostname("127.0.0.1").port(0).registry(registry).buildAndStart();
    withCreated =
        HTTPServer.builder(on).hostname("127.0.0.1").port(0).registry(registry).buildAndStart();
  }

  /** The port that serves the text format as the agent does (no start timestamps). */
  int textPort() {
    return text.getPort();
  }

  /** The port that serves OpenMetrics and protobuf with start timestamps, as the agent does. */
  int withCreatedPort() {
    return withCreated.getPort();
  }

  @Override
  public void close() {
    text.stop();
    withCreated.stop();
  }
}
