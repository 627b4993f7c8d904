package dev.metricsagent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.bridge.Requests;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HttpMetricsTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();

  private HttpMetrics metrics(double[] buckets, int maxEndpoints) {
    return new HttpMetrics(
        PrometheusProperties.builder().build(),
        registry,
        HttpMetricsOptions.DEFAULTS.withBuckets(buckets).withMaxEndpoints(maxEndpoints).withExemplars(false));
  }

  private HttpMetrics metrics(
      double[] buckets, int maxEndpoints, Set<String> excluded, boolean statusGroups) {
    return new HttpMetrics(
        PrometheusProperties.builder().build(),
        registry,
        HttpMetricsOptions.DEFAULTS
            .withBuckets(buckets)
            .withMaxEndpoints(maxEndpoints)
            .withExcluded(excluded)
            .withStatusGroups(statusGroups)
            .withExemplars(false));
  }

  private String exposition() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create()
        .write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void goldenExposition() throws Exception {
    HttpMetrics m = metrics(new double[] {0.01, 0.1}, 100);
    m.record("GET", "/products/:id", 200, 5_000_000L); // 5 ms
    m.record("get", "/products/:id", 200, 50_000_000L); // Spark's enum name, 50 ms
    m.record("GET", "/products/:id", 404, 500_000_000L); // 500 ms
    m.record("POST", "/products/", 201, 1_000_000L); // trailing slash folded
    m.record("BREW", null, 404, 2_000_000L); // unknown method, no route
    m.record("GET", Requests.STATIC_RESOURCE, 200, 1_000_000L);
    assertEquals(
        String.join(
            "\n",
            "# HELP http_request_duration_seconds Duration of HTTP request handling in seconds, by method and route template.",
            "# TYPE http_request_duration_seconds histogram",
            "http_request_duration_seconds_bucket{endpoint=\"/products\",method=\"POST\",le=\"0.01\"} 1",
            "http_request_duration_seconds_bucket{endpoint=\"/products\",method=\"POST\",le=\"0.1\"} 1",
            "http_request_duration_seconds_bucket{endpoint=\"/products\",method=\"POST\",le=\"+Inf\"} 1",
            "http_request_duration_seconds_count{endpoint=\"/products\",method=\"POST\"} 1",
            "http_request_duration_seconds_sum{endpoint=\"/products\",method=\"POST\"} 0.001",
            "http_request_duration_seconds_bucket{endpoint=\"/products/:id\",method=\"GET\",le=\"0.01\"} 1",
            "http_request_duration_seconds_bucket{endpoint=\"/products/:id\",method=\"GET\",le=\"0.1\"} 2",
            "http_request_duration_seconds_bucket{endpoint=\"/products/:id\",method=\"GET\",le=\"+Inf\"} 3",
            "http_request_duration_seconds_count{endpoint=\"/products/:id\",method=\"GET\"} 3",
            "http_request_duration_seconds_sum{endpoint=\"/products/:id\",method=\"GET\"} 0.555",
            "http_request_duration_seconds_bucket{endpoint=\"static\",method=\"GET\",le=\"0.01\"} 1",
            "http_request_duration_seconds_bucket{endpoint=\"static\",method=\"GET\",le=\"0.1\"} 1",
            "http_request_duration_seconds_bucket{endpoint=\"static\",method=\"GET\",le=\"+Inf\"} 1",
            "http_request_duration_seconds_count{endpoint=\"static\",method=\"GET\"} 1",
            "http_request_duration_seconds_sum{endpoint=\"static\",method=\"GET\"} 0.001",
            "http_request_duration_seconds_bucket{endpoint=\"unmatched\",method=\"OTHER\",le=\"0.01\"} 1",
            "http_request_duration_seconds_bucket{endpoint=\"unmatched\",method=\"OTHER\",le=\"0.1\"} 1",
            "http_request_duration_seconds_bucket{endpoint=\"unmatched\",method=\"OTHER\",le=\"+Inf\"} 1",
            "http_request_duration_seconds_count{endpoint=\"unmatched\",method=\"OTHER\"} 1",
            "http_request_duration_seconds_sum{endpoint=\"unmatched\",method=\"OTHER\"} 0.002",
            "# HELP http_requests_total Total HTTP requests handled, by method, route template and status code.",
            "# TYPE http_requests_total counter",
            "http_requests_total{endpoint=\"/products\",method=\"POST\",status_code=\"201\"} 1.0",
            "http_requests_total{endpoint=\"/products/:id\",method=\"GET\",status_code=\"200\"} 2.0",
            "http_requests_total{endpoint=\"/products/:id\",method=\"GET\",status_code=\"404\"} 1.0",
            "http_requests_total{endpoint=\"static\",method=\"GET\",status_code=\"200\"} 1.0",
            "http_requests_total{endpoint=\"unmatched\",method=\"OTHER\",status_code=\"404\"} 1.0",
            ""),
        exposition());
  }

  @Test
  void methodsAreNormalisedToAFixedSet() {
    for (String m : new String[] {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"}) {
      assertEquals(m, HttpMethods.normalise(m));
      assertEquals(m, HttpMethods.normalise(m.toLowerCase()));
    }
    for (String m : new String[] {"BREW", "PROPFIND", "", "Get", "unsupported", "before", null}) {
      assertEquals("OTHER", HttpMethods.normalise(m));
    }
  }

  @Test
  void templatesAreNormalised() {
    assertEquals("/products", Endpoints.normaliseTemplate("/products/"));
    assertEquals("/products", Endpoints.normaliseTemplate("/products//"));
    assertEquals("/", Endpoints.normaliseTemplate("/"));
    assertEquals("/", Endpoints.normaliseTemplate("//"));
    assertEquals("*", Endpoints.normaliseTemplate("*"));
  }

  @Test
  void statusOutsideTheHttpRangeSharesOneLabel() throws Exception {
    HttpMetrics m = metrics(new double[] {1}, 10);
    m.record("GET", "/a", 42, 1);
    m.record("GET", "/a", 1000, 1);
    m.record("GET", "/a", 599, 1);
    String text = exposition();
    assertTrue(text.contains("http_requests_total{endpoint=\"/a\",method=\"GET\",status_code=\"other\"} 2.0"), text);
    assertTrue(text.contains("http_requests_total{endpoint=\"/a\",method=\"GET\",status_code=\"599\"} 1.0"), text);
  }

  @Test
  void distinctEndpointsAreCappedWithAnOverflowValue() throws Exception {
    HttpMetrics m = metrics(new double[] {1}, 3);
    for (int i = 0; i < 50; i++) {
      m.record("GET", "/route" + i, 200, 1);
    }
    m.record("GET", "/route0/", 200, 1); // same endpoint as /route0, not a new one
    String text = exposition();
    assertTrue(text.contains("endpoint=\"/route0\",method=\"GET\",status_code=\"200\"} 2.0"), text);
    assertTrue(text.contains("endpoint=\"/route1\""), text);
    assertTrue(text.contains("endpoint=\"/route2\""), text);
    assertTrue(!text.contains("endpoint=\"/route3\""), text);
    assertTrue(text.contains("endpoint=\"overflow\",method=\"GET\",status_code=\"200\"} 47.0"), text);
  }

  @Test
  void unmatchedRequestsNeverCreateNewSeries() throws Exception {
    HttpMetrics m = metrics(new double[] {1}, 10);
    String[] methods = {"GET", "XYZ", "ABC", "PROPFIND", "get", "DELETE"};
    for (int i = 0; i < 10_000; i++) {
      m.record(methods[i % methods.length], null, 404, 1);
    }
    List<String> series = new ArrayList<>();
    for (String line : exposition().split("\n")) {
      if (line.startsWith("http_requests_total{")) {
        series.add(line);
      }
    }
    assertEquals(
        List.of(
            "http_requests_total{endpoint=\"unmatched\",method=\"DELETE\",status_code=\"404\"} 1666.0",
            "http_requests_total{endpoint=\"unmatched\",method=\"GET\",status_code=\"404\"} 3333.0",
            "http_requests_total{endpoint=\"unmatched\",method=\"OTHER\",status_code=\"404\"} 5001.0"),
        series);
  }

  @Test
  void concurrentRecordingIsExact() throws Exception {
    HttpMetrics m = metrics(new double[] {0.001, 1}, 100);
    int threads = 8;
    int perThread = 25_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      int id = t;
      pool.execute(
          () -> {
            try {
              start.await();
            } catch (InterruptedException e) {
              return;
            }
            for (int i = 0; i < perThread; i++) {
              m.record(i % 2 == 0 ? "GET" : "POST", "/r" + (i % 4), 200 + (id % 2), 1000);
            }
          });
    }
    start.countDown();
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
    double total = 0;
    double histogramTotal = 0;
    for (String line : exposition().split("\n")) {
      if (line.startsWith("http_requests_total{")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      } else if (line.startsWith("http_request_duration_seconds_count{")) {
        histogramTotal += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    assertEquals(threads * perThread, total);
    assertEquals(threads * perThread, histogramTotal);
  }

  private List<String> requestSeries() throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : exposition().split("\n")) {
      if (line.startsWith("http_requests_total{") || line.startsWith("http_request_duration_seconds_count{")) {
        out.add(line);
      }
    }
    return out;
  }

  @Test
  void excludedTemplatesAreNotRecordedAtAll() throws Exception {
    HttpMetrics m =
        metrics(new double[] {1}, 100, Set.of("/health", "/metrics/", "unmatched"), false);
    m.record("GET", "/health", 200, 1_000_000L);
    m.record("GET", "/health/", 200, 1_000_000L); // folded like the label: excluded too
    m.record("HEAD", "/metrics", 200, 1_000_000L); // the option's trailing slash is folded too
    m.record("GET", null, 404, 1_000_000L); // unmatched excluded by its label
    m.record("GET", "/healthz", 200, 1_000_000L); // not a prefix match
    m.record("GET", "/products/:id", 200, 1_000_000L);
    m.record("GET", Requests.STATIC_RESOURCE, 200, 1_000_000L);
    assertEquals(
        List.of(
            "http_request_duration_seconds_count{endpoint=\"/healthz\",method=\"GET\"} 1",
            "http_request_duration_seconds_count{endpoint=\"/products/:id\",method=\"GET\"} 1",
            "http_request_duration_seconds_count{endpoint=\"static\",method=\"GET\"} 1",
            "http_requests_total{endpoint=\"/healthz\",method=\"GET\",status_code=\"200\"} 1.0",
            "http_requests_total{endpoint=\"/products/:id\",method=\"GET\",status_code=\"200\"} 1.0",
            "http_requests_total{endpoint=\"static\",method=\"GET\",status_code=\"200\"} 1.0"),
        requestSeries());
  }

  @Test
  void excludedTemplatesDoNotCountTowardsTheCap() throws Exception {
    HttpMetrics m =
        metrics(new double[] {1}, 2, Set.of("/x0", "/x1", "/x2"), false);
    for (int i = 0; i < 3; i++) {
      m.record("GET", "/x" + i, 200, 1);
    }
    m.record("GET", "/a", 200, 1);
    m.record("GET", "/b", 200, 1);
    m.record("GET", "/c", 200, 1);
    String text = exposition();
    assertTrue(text.contains("http_requests_total{endpoint=\"/a\",method=\"GET\",status_code=\"200\"} 1.0"), text);
    assertTrue(text.contains("http_requests_total{endpoint=\"/b\",method=\"GET\",status_code=\"200\"} 1.0"), text);
    assertTrue(text.contains("http_requests_total{endpoint=\"overflow\",method=\"GET\",status_code=\"200\"} 1.0"), text);
    assertTrue(!text.contains("/x"), text);
  }

  @Test
  void statusGroupsGolden() throws Exception {
    HttpMetrics m =
        metrics(new double[] {1}, 100, Set.of(), true);
    int[] statuses = {100, 101, 200, 201, 204, 299, 301, 304, 400, 404, 404, 418, 500, 503, 599, 42, 600, 1000};
    for (int st : statuses) {
      m.record("GET", "/p", st, 1_000_000L);
    }
    m.record("POST", "/p", 201, 1_000_000L);
    List<String> counters = new ArrayList<>();
    for (String line : requestSeries()) {
      if (line.startsWith("http_requests_total")) {
        counters.add(line);
      }
    }
    assertEquals(
        List.of(
            "http_requests_total{endpoint=\"/p\",method=\"GET\",status_code=\"1xx\"} 2.0",
            "http_requests_total{endpoint=\"/p\",method=\"GET\",status_code=\"2xx\"} 4.0",
            "http_requests_total{endpoint=\"/p\",method=\"GET\",status_code=\"3xx\"} 2.0",
            "http_requests_total{endpoint=\"/p\",method=\"GET\",status_code=\"4xx\"} 4.0",
            "http_requests_total{endpoint=\"/p\",method=\"GET\",status_code=\"5xx\"} 3.0",
            "http_requests_total{endpoint=\"/p\",method=\"GET\",status_code=\"other\"} 3.0",
            "http_requests_total{endpoint=\"/p\",method=\"POST\",status_code=\"2xx\"} 1.0"),
        counters);
    assertTrue(
        requestSeries().contains("http_request_duration_seconds_count{endpoint=\"/p\",method=\"GET\"} 18"),
        requestSeries().toString());
  }

  @Test
  void statusGroupsAreExactUnderConcurrency() throws Exception {
    HttpMetrics m =
        metrics(new double[] {1}, 100, Set.of(), true);
    int threads = 4;
    int perThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      pool.execute(
          () -> {
            try {
              start.await();
            } catch (InterruptedException e) {
              return;
            }
            for (int i = 0; i < perThread; i++) {
              m.record("GET", "/r", 200 + (i % 100), 1000); // 100 codes, one group
            }
          });
    }
    start.countDown();
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
    assertEquals(
        List.of(
            "http_request_duration_seconds_count{endpoint=\"/r\",method=\"GET\"} " + threads * perThread,
            "http_requests_total{endpoint=\"/r\",method=\"GET\",status_code=\"2xx\"} " + (double) (threads * perThread)),
        requestSeries());
  }
}
