package dev.metricsagent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Route inventory, in-progress, exemplars, sizes and the exclude check of {@link HttpMetrics}. */
class RouteMetricsTest {
  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final PrometheusRegistry registry = new PrometheusRegistry();

  private HttpMetrics metrics(int maxEndpoints, Set<String> exclude, boolean exemplars, boolean sizes) {
    return new HttpMetrics(
        PrometheusProperties.builder().build(),
        registry,
        options(new double[] {0.1, 1}, maxEndpoints, exclude).withExemplars(exemplars).withSizes(sizes));
  }

  private static HttpMetricsOptions options(double[] buckets, int maxEndpoints, Set<String> exclude) {
    return HttpMetricsOptions.DEFAULTS
        .withBuckets(buckets)
        .withMaxEndpoints(maxEndpoints)
        .withExcluded(exclude);
  }

  private String text() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    return out.toString(StandardCharsets.UTF_8);
  }

  private String openMetrics() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenMetricsTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    return out.toString(StandardCharsets.UTF_8);
  }

  private List<String> lines(String prefix) throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : text().split("\n")) {
      if (line.startsWith(prefix)) {
        out.add(line);
      }
    }
    return out;
  }

  @Test
  void registeredRoutesAreListedAndTheirSeriesExistAtZero() throws Exception {
    HttpMetrics m = metrics(100, Set.of(), true, false);
    m.routeAdded("get", "/products/:id");
    m.routeAdded("delete", "/products/:id/"); // folded like the label
    m.routeAdded("before", "/products/*"); // a filter, not a route
    m.routeAdded("afterafter", "*");
    m.routeAdded("get", "/products/:id"); // twice is once
    assertEquals(
        List.of(
            "http_route_info{endpoint=\"/products/:id\",method=\"DELETE\"} 1",
            "http_route_info{endpoint=\"/products/:id\",method=\"GET\"} 1"),
        lines("http_route_info{"));
    assertEquals(
        List.of(
            "http_request_duration_seconds_count{endpoint=\"/products/:id\",method=\"DELETE\"} 0",
            "http_request_duration_seconds_count{endpoint=\"/products/:id\",method=\"GET\"} 0"),
        lines("http_request_duration_seconds_count{"));
    assertEquals(
        List.of(
            "http_requests_in_progress{endpoint=\"/products/:id\",method=\"DELETE\"} 0.0",
            "http_requests_in_progress{endpoint=\"/products/:id\",method=\"GET\"} 0.0"),
        lines("http_requests_in_progress{"));
    assertEquals(List.of(), lines("http_requests_total{"), "no request, no status: no counter");
    m.record("get", "/products/:id", 200, 5_000_000L);
    assertTrue(
        lines("http_request_duration_seconds_count{").contains(
            "http_request_duration_seconds_count{endpoint=\"/products/:id\",method=\"GET\"} 1"));
  }

  /** A servlet mapping or JDK context serves every method: listed, no zero series. */
  @Test
  void aRouteForEveryMethodIsListedAsAnyWithoutZeroSeries() throws Exception {
    HttpMetrics m = metrics(100, Set.of(), true, false);
    m.routeAdded("ANY", "/items/*");
    m.routeAdded("ANY", "/api/");
    assertEquals(
        List.of(
            "http_route_info{endpoint=\"/api\",method=\"ANY\"} 1",
            "http_route_info{endpoint=\"/items/*\",method=\"ANY\"} 1"),
        lines("http_route_info{"));
    assertEquals(List.of(), lines("http_request_duration_seconds_count{"));
    m.routeRemoved("ANY", "/api");
    m.routeRemoved(null, "/items/*");
    assertEquals(List.of(), lines("http_route_info{"));
  }

  @Test
  void removedAndClearedRoutesLeaveTheInventory() throws Exception {
    HttpMetrics m = metrics(100, Set.of(), true, false);
    m.routeAdded("get", "/a");
    m.routeAdded("post", "/a");
    m.routeAdded("get", "/b");
    m.routeRemoved("post", "/a");
    assertEquals(
        List.of(
            "http_route_info{endpoint=\"/a\",method=\"GET\"} 1",
            "http_route_info{endpoint=\"/b\",method=\"GET\"} 1"),
        lines("http_route_info{"));
    m.routeRemoved(null, "/a/"); // every method
    assertEquals(List.of("http_route_info{endpoint=\"/b\",method=\"GET\"} 1"), lines("http_route_info{"));
    m.routesCleared();
    assertEquals(List.of(), lines("http_route_info{"));
  }

  @Test
  void excludedRoutesAndRoutesOverTheCapAreNotListed() throws Exception {
    HttpMetrics m = metrics(2, Set.of("/health"), true, false);
    m.routeAdded("get", "/health");
    m.routeAdded("get", "/a");
    m.routeAdded("get", "/b");
    m.routeAdded("get", "/c"); // over the cap of 2 endpoints
    assertEquals(
        List.of(
            "http_route_info{endpoint=\"/a\",method=\"GET\"} 1",
            "http_route_info{endpoint=\"/b\",method=\"GET\"} 1"),
        lines("http_route_info{"));
    assertFalse(text().contains("/health"));
    assertFalse(text().contains("overflow"), "no request went to the overflow series yet");
  }

  @Test
  void inProgressCountsFromRouteStartToEnd() throws Exception {
    HttpMetrics m = metrics(100, Set.of(), true, false);
    Object a = m.routeStarted("get", "/slow");
    Object b = m.routeStarted("GET", "/slow");
    assertSame(a, b, "one handle per method and route");
    assertEquals(
        List.of("http_requests_in_progress{endpoint=\"/slow\",method=\"GET\"} 2.0"),
        lines("http_requests_in_progress{"));
    m.record(a, "get", "/slow", 200, 1_000L, null, -1, -1);
    assertEquals(
        List.of("http_requests_in_progress{endpoint=\"/slow\",method=\"GET\"} 1.0"),
        lines("http_requests_in_progress{"));
    m.record(b, "get", "/slow", 503, 1_000L, null, -1, -1);
    assertEquals(
        List.of("http_requests_in_progress{endpoint=\"/slow\",method=\"GET\"} 0.0"),
        lines("http_requests_in_progress{"));
    assertEquals(
        List.of(
            "http_requests_total{endpoint=\"/slow\",method=\"GET\",status_code=\"200\"} 1.0",
            "http_requests_total{endpoint=\"/slow\",method=\"GET\",status_code=\"503\"} 1.0"),
        lines("http_requests_total{"),
        "recorded on the handle, under its route and method");
    m.record(null, "get", null, 404, 1_000L, null, -1, -1);
    assertEquals(1, lines("http_requests_in_progress{").size(), "an unmatched request has no in-progress series");

    PrometheusRegistry excludedRegistry = new PrometheusRegistry();
    HttpMetrics excluded = new HttpMetrics(
        PrometheusProperties.builder().build(), excludedRegistry,
        options(new double[] {1}, 10, Set.of("/health")));
    Object health = excluded.routeStarted("get", "/health");
    excluded.record(health, "get", "/health", 200, 1_000L, null, -1, -1);
    excluded.record(null, "get", "/health", 200, 1_000L, null, -1, -1);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, excludedRegistry.scrape(), EscapingScheme.ALLOW_UTF8);
    String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertFalse(text.contains("/health"), text);
  }

  @Test
  void aValidTraceparentBecomesTheExemplarOfTheDuration() throws Exception {
    HttpMetrics m = metrics(100, Set.of(), true, false);
    m.record(null, "get", "/traced", 200, 50_000_000L, TRACEPARENT, -1, -1);
    String om = openMetrics();
    assertTrue(
        om.contains(
            "http_request_duration_seconds_bucket{endpoint=\"/traced\",method=\"GET\",le=\"0.1\"} 1 #"
                + " {span_id=\"00f067aa0ba902b7\",trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\"} 0.05"),
        om);
  }

  @Test
  void noExemplarWhenSwitchedOffOrTheHeaderIsInvalid() throws Exception {
    HttpMetrics off = metrics(100, Set.of(), false, false);
    off.record(null, "get", "/traced", 200, 50_000_000L, TRACEPARENT, -1, -1);
    assertFalse(openMetrics().contains("trace_id"), openMetrics());
    PrometheusRegistry r2 = new PrometheusRegistry();
    HttpMetrics on = new HttpMetrics(
        PrometheusProperties.builder().build(), r2, options(new double[] {1}, 10, Set.of()));
    on.record(null, "get", "/traced", 200, 1_000L, "00-zz-bad", -1, -1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenMetricsTextFormatWriter.create().write(out, r2.scrape(), EscapingScheme.ALLOW_UTF8);
    String om = out.toString(StandardCharsets.UTF_8);
    assertFalse(om.contains("trace_id"), om);
    assertTrue(om.contains("http_request_duration_seconds_count{endpoint=\"/traced\",method=\"GET\"} 1"), om);
  }

  @Test
  void sizesAreRecordedWhenOnAndUnknownSizesAreSkipped() throws Exception {
    HttpMetrics m = metrics(100, Set.of(), true, true);
    m.record(null, "post", "/upload", 201, 1_000L, null, 5_000, 20);
    m.record(null, "post", "/upload", 201, 1_000L, null, -1, 0); // chunked upload of unknown size
    assertEquals(
        List.of("http_request_size_bytes_count{endpoint=\"/upload\",method=\"POST\"} 1"),
        lines("http_request_size_bytes_count{"));
    assertEquals(
        List.of("http_request_size_bytes_sum{endpoint=\"/upload\",method=\"POST\"} 5000.0"),
        lines("http_request_size_bytes_sum{"));
    assertEquals(
        List.of("http_response_size_bytes_count{endpoint=\"/upload\",method=\"POST\"} 2"),
        lines("http_response_size_bytes_count{"));
    HttpMetrics off = new HttpMetrics(
        PrometheusProperties.builder().build(), new PrometheusRegistry(),
        options(new double[] {1}, 10, Set.of()));
    off.record(null, "post", "/upload", 201, 1_000L, null, 5_000, 20);
    assertFalse(text().contains("size_bytes{"), "off: no size histograms registered in another registry");
  }

  @Test
  void anExcludeMatchingNoRegisteredRouteIsWarnedAboutOnceAtTheFirstRequest() throws Exception {
    String err =
        stderrOf(
            () -> {
              HttpMetrics m = metrics(100, Set.of("/health", "/helth", "unmatched"), true, false);
              m.routeAdded("get", "/health");
              m.routeAdded("get", "/products/:id");
              m.record(null, "get", "/products/:id", 200, 1, null, -1, -1);
              m.record(null, "get", "/products/:id", 200, 1, null, -1, -1);
              m.routeAdded("get", "/helth"); // registered late after all
            });
    assertEquals(
        "[metrics-agent] WARNING: exclude=/helth matches none of the 2 route templates the app"
            + " registered, so it excludes nothing; exclude takes route templates as registered,"
            + " e.g. /products/:id\n"
            + "[metrics-agent] exclude=/helth now matches a route the app registered\n",
        err);
  }

  @Test
  void noExcludeCheckWithoutAnyRegisteredRoute() throws Exception {
    // attached to a running app: its routes were registered before the agent came
    String err =
        stderrOf(
            () -> {
              HttpMetrics m = metrics(100, Set.of("/health"), true, false);
              m.record(null, "get", "/products/:id", 200, 1, null, -1, -1);
            });
    assertEquals("", err);
  }

  private static String stderrOf(Runnable r) {
    PrintStream saved = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(saved);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
