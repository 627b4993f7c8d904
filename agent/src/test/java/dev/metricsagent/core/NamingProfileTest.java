package dev.metricsagent.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.ConnectionReader;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Golden expositions of the naming profiles, and the label rules each one follows. */
class NamingProfileTest {
  private static final int HTTPS_1_1 = ConnectionReader.HTTPS | ConnectionReader.HTTP_1_1;
  private static final int HTTP_2 = ConnectionReader.HTTP | ConnectionReader.HTTP_2;

  private final PrometheusRegistry registry = new PrometheusRegistry();

  private HttpMetrics metrics(NamingProfile naming, double[] buckets) {
    return new HttpMetrics(
        PrometheusProperties.builder().build(),
        registry,
        HttpMetricsOptions.DEFAULTS.withNaming(naming).withBuckets(buckets).withExemplars(false));
  }

  /** Lines in order: a histogram's series come in hash order, which is nobody's contract. */
  private static java.util.List<String> sorted(String text) {
    java.util.List<String> lines = new java.util.ArrayList<>(java.util.Arrays.asList(text.split("\n")));
    java.util.Collections.sort(lines);
    return lines;
  }

  private String exposition() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The same requests for every profile: a route, a 500 with an exception, and the fixed ones. */
  private static void traffic(HttpMetrics m) {
    m.routeAdded("GET", "/products/:id");
    m.record(null, "GET", "/products/:id", 200, 5_000_000L, null, -1, -1, HTTPS_1_1, null);
    m.record(null, "get", "/products/:id", 200, 50_000_000L, null, -1, -1, HTTPS_1_1, null);
    m.record(
        null, "GET", "/products/:id", 500, 20_000_000L, null, -1, -1, HTTPS_1_1,
        "IllegalStateException");
    m.record(null, "BREW", null, 404, 2_000_000L, null, -1, -1, HTTP_2, null); // no route
    m.record(null, "GET", null, 302, 1_000_000L, null, -1, -1, 0, null); // a redirect, no route
  }

  @Test
  void otelGolden() throws Exception {
    HttpMetrics m = metrics(NamingProfile.otel("shop"), new double[] {0.01, 0.1});
    traffic(m);
    assertEquals(
        sorted(String.join(
            "\n",
            "# HELP http_server_active_requests Number of active HTTP server requests, from route match to response.",
            "# TYPE http_server_active_requests gauge",
            "http_server_active_requests{http_request_method=\"GET\",http_route=\"/products/:id\"} 0.0",
            "# HELP http_server_request_duration_seconds Duration of HTTP server requests.",
            "# TYPE http_server_request_duration_seconds histogram",
            "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_response_status_code=\"302\",le=\"0.01\"} 1",
            "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_response_status_code=\"302\",le=\"0.1\"} 1",
            "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_response_status_code=\"302\",le=\"+Inf\"} 1",
            "http_server_request_duration_seconds_count{http_request_method=\"GET\",http_response_status_code=\"302\"} 1",
            "http_server_request_duration_seconds_sum{http_request_method=\"GET\",http_response_status_code=\"302\"} 0.001",
            "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_response_status_code=\"200\",http_route=\"/products/:id\",network_protocol_version=\"1.1\",url_scheme=\"https\",le=\"0.01\"} 1",
            "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_response_status_code=\"200\",http_route=\"/products/:id\",network_protocol_version=\"1.1\",url_scheme=\"https\",le=\"0.1\"} 2",
            "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_response_status_code=\"200\",http_route=\"/products/:id\",network_protocol_version=\"1.1\",url_scheme=\"https\",le=\"+Inf\"} 2",
            "http_server_request_duration_seconds_count{http_request_method=\"GET\",http_response_status_code=\"200\",http_route=\"/products/:id\",network_protocol_version=\"1.1\",url_scheme=\"https\"} 2",
            "http_server_request_duration_seconds_sum{http_request_method=\"GET\",http_response_status_code=\"200\",http_route=\"/products/:id\",network_protocol_version=\"1.1\",url_scheme=\"https\"} 0.055",
            "http_server_request_duration_seconds_bucket{error_type=\"500\",http_request_method=\"GET\",http_response_status_code=\"500\",http_route=\"/products/:id\",network_protocol_version=\"1.1\",url_scheme=\"https\",le=\"0.01\"} 0",
            "http_server_request_duration_seconds_bucket{error_type=\"500\",http_request_method=\"GET\",http_response_status_code=\"500\",http_route=\"/products/:id\",network_protocol_version=\"1.1\",url_scheme=\"https\",le=\"0.1\"} 1",
            "http_server_request_duration_seconds_bucket{error_type=\"500\",http_request_method=\"GET\",http_response_status_code=\"500\",http_route=\"/products/:id\",network_protocol_version=\"1.1\",url_scheme=\"https\",le=\"+Inf\"} 1",
            "http_server_request_duration_seconds_count{error_type=\"500\",http_request_method=\"GET\",http_response_status_code=\"500\",http_route=\"/products/:id\",network_protocol_version=\"1.1\",url_scheme=\"https\"} 1",
            "http_server_request_duration_seconds_sum{error_type=\"500\",http_request_method=\"GET\",http_response_status_code=\"500\",http_route=\"/products/:id\",network_protocol_version=\"1.1\",url_scheme=\"https\"} 0.02",
            "http_server_request_duration_seconds_bucket{http_request_method=\"_OTHER\",http_response_status_code=\"404\",network_protocol_version=\"2\",url_scheme=\"http\",le=\"0.01\"} 1",
            "http_server_request_duration_seconds_bucket{http_request_method=\"_OTHER\",http_response_status_code=\"404\",network_protocol_version=\"2\",url_scheme=\"http\",le=\"0.1\"} 1",
            "http_server_request_duration_seconds_bucket{http_request_method=\"_OTHER\",http_response_status_code=\"404\",network_protocol_version=\"2\",url_scheme=\"http\",le=\"+Inf\"} 1",
            "http_server_request_duration_seconds_count{http_request_method=\"_OTHER\",http_response_status_code=\"404\",network_protocol_version=\"2\",url_scheme=\"http\"} 1",
            "http_server_request_duration_seconds_sum{http_request_method=\"_OTHER\",http_response_status_code=\"404\",network_protocol_version=\"2\",url_scheme=\"http\"} 0.002",
            "# HELP http_server_route_info Routes the app registered, by method and route template; 1 for each.",
            "# TYPE http_server_route_info gauge",
            "http_server_route_info{http_request_method=\"GET\",http_route=\"/products/:id\"} 1",
            "# HELP target_info Target metadata",
            "# TYPE target_info gauge",
            "target_info{service_name=\"shop\"} 1",
            "")),
        sorted(exposition()));
  }

  @Test
  void otelDefaultsToTheAdvisoryBuckets() {
    assertArrayEquals(
        new double[] {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10},
        HttpMetricsOptions.DEFAULTS.withNaming(NamingProfile.otel("x")).buckets());
    assertArrayEquals(
        HttpMetricsOptions.DEFAULT_BUCKETS, HttpMetricsOptions.DEFAULTS.buckets());
  }

  @Test
  void otelErrorTypeIsTheExceptionOnlyWhenNoStatusWasSent() {
    NamingProfile p = NamingProfile.otel("x");
    String[] noStatus = p.durationLabelValues("GET", "/a", 0, 0, "SocketException");
    assertEquals("SocketException", noStatus[4]);
    assertEquals("", noStatus[2]); // no status code label either
    assertEquals("", p.durationLabelValues("GET", "/a", 404, 0, "NotFound")[4]); // 4xx: no error
    assertEquals("503", p.durationLabelValues("GET", "/a", 503, 0, "X")[4]);
  }

  @Test
  void micrometerGolden() throws Exception {
    HttpMetrics m = metrics(NamingProfile.micrometer(), new double[] {0.01, 0.1});
    traffic(m);
    m.record(null, "GET", Requests.STATIC_RESOURCE, 200, 1_000_000L, null, -1, -1, 0, null);
    m.record(null, "POST", null, 500, 1_000_000L, null, -1, -1, 0, null); // no route, no 404
    assertEquals(
        sorted(String.join(
            "\n",
            "# HELP http_server_requests_active_seconds_active_count HTTP server requests in progress, from route match to response.",
            "# TYPE http_server_requests_active_seconds_active_count gauge",
            "http_server_requests_active_seconds_active_count{method=\"GET\",uri=\"/products/:id\"} 0.0",
            "# HELP http_server_requests_route_info Routes the app registered, by method and route template; 1 for each.",
            "# TYPE http_server_requests_route_info gauge",
            "http_server_requests_route_info{method=\"GET\",uri=\"/products/:id\"} 1",
            "# HELP http_server_requests_seconds Duration of HTTP server request handling",
            "# TYPE http_server_requests_seconds histogram",
            "http_server_requests_seconds_bucket{error=\"IllegalStateException\",exception=\"IllegalStateException\",method=\"GET\",outcome=\"SERVER_ERROR\",status=\"500\",uri=\"/products/:id\",le=\"+Inf\"} 1",
            "http_server_requests_seconds_bucket{error=\"IllegalStateException\",exception=\"IllegalStateException\",method=\"GET\",outcome=\"SERVER_ERROR\",status=\"500\",uri=\"/products/:id\",le=\"0.01\"} 0",
            "http_server_requests_seconds_bucket{error=\"IllegalStateException\",exception=\"IllegalStateException\",method=\"GET\",outcome=\"SERVER_ERROR\",status=\"500\",uri=\"/products/:id\",le=\"0.1\"} 1",
            "http_server_requests_seconds_bucket{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"REDIRECTION\",status=\"302\",uri=\"REDIRECTION\",le=\"+Inf\"} 1",
            "http_server_requests_seconds_bucket{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"REDIRECTION\",status=\"302\",uri=\"REDIRECTION\",le=\"0.01\"} 1",
            "http_server_requests_seconds_bucket{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"REDIRECTION\",status=\"302\",uri=\"REDIRECTION\",le=\"0.1\"} 1",
            "http_server_requests_seconds_bucket{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/**\",le=\"+Inf\"} 1",
            "http_server_requests_seconds_bucket{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/**\",le=\"0.01\"} 1",
            "http_server_requests_seconds_bucket{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/**\",le=\"0.1\"} 1",
            "http_server_requests_seconds_bucket{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/products/:id\",le=\"+Inf\"} 2",
            "http_server_requests_seconds_bucket{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/products/:id\",le=\"0.01\"} 1",
            "http_server_requests_seconds_bucket{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/products/:id\",le=\"0.1\"} 2",
            "http_server_requests_seconds_bucket{error=\"none\",exception=\"none\",method=\"OTHER\",outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"NOT_FOUND\",le=\"+Inf\"} 1",
            "http_server_requests_seconds_bucket{error=\"none\",exception=\"none\",method=\"OTHER\",outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"NOT_FOUND\",le=\"0.01\"} 1",
            "http_server_requests_seconds_bucket{error=\"none\",exception=\"none\",method=\"OTHER\",outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"NOT_FOUND\",le=\"0.1\"} 1",
            "http_server_requests_seconds_bucket{error=\"none\",exception=\"none\",method=\"POST\",outcome=\"SERVER_ERROR\",status=\"500\",uri=\"UNKNOWN\",le=\"+Inf\"} 1",
            "http_server_requests_seconds_bucket{error=\"none\",exception=\"none\",method=\"POST\",outcome=\"SERVER_ERROR\",status=\"500\",uri=\"UNKNOWN\",le=\"0.01\"} 1",
            "http_server_requests_seconds_bucket{error=\"none\",exception=\"none\",method=\"POST\",outcome=\"SERVER_ERROR\",status=\"500\",uri=\"UNKNOWN\",le=\"0.1\"} 1",
            "http_server_requests_seconds_count{error=\"IllegalStateException\",exception=\"IllegalStateException\",method=\"GET\",outcome=\"SERVER_ERROR\",status=\"500\",uri=\"/products/:id\"} 1",
            "http_server_requests_seconds_count{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"REDIRECTION\",status=\"302\",uri=\"REDIRECTION\"} 1",
            "http_server_requests_seconds_count{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/**\"} 1",
            "http_server_requests_seconds_count{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/products/:id\"} 2",
            "http_server_requests_seconds_count{error=\"none\",exception=\"none\",method=\"OTHER\",outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"NOT_FOUND\"} 1",
            "http_server_requests_seconds_count{error=\"none\",exception=\"none\",method=\"POST\",outcome=\"SERVER_ERROR\",status=\"500\",uri=\"UNKNOWN\"} 1",
            "http_server_requests_seconds_sum{error=\"IllegalStateException\",exception=\"IllegalStateException\",method=\"GET\",outcome=\"SERVER_ERROR\",status=\"500\",uri=\"/products/:id\"} 0.02",
            "http_server_requests_seconds_sum{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"REDIRECTION\",status=\"302\",uri=\"REDIRECTION\"} 0.001",
            "http_server_requests_seconds_sum{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/**\"} 0.001",
            "http_server_requests_seconds_sum{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/products/:id\"} 0.055",
            "http_server_requests_seconds_sum{error=\"none\",exception=\"none\",method=\"OTHER\",outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"NOT_FOUND\"} 0.002",
            "http_server_requests_seconds_sum{error=\"none\",exception=\"none\",method=\"POST\",outcome=\"SERVER_ERROR\",status=\"500\",uri=\"UNKNOWN\"} 0.001",
            "# HELP http_server_requests_seconds_max Duration of HTTP server request handling",
            "# TYPE http_server_requests_seconds_max gauge",
            "http_server_requests_seconds_max{error=\"IllegalStateException\",exception=\"IllegalStateException\",method=\"GET\",outcome=\"SERVER_ERROR\",status=\"500\",uri=\"/products/:id\"} 0.02",
            "http_server_requests_seconds_max{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"REDIRECTION\",status=\"302\",uri=\"REDIRECTION\"} 0.001",
            "http_server_requests_seconds_max{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/**\"} 0.001",
            "http_server_requests_seconds_max{error=\"none\",exception=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/products/:id\"} 0.05",
            "http_server_requests_seconds_max{error=\"none\",exception=\"none\",method=\"OTHER\",outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"NOT_FOUND\"} 0.002",
            "http_server_requests_seconds_max{error=\"none\",exception=\"none\",method=\"POST\",outcome=\"SERVER_ERROR\",status=\"500\",uri=\"UNKNOWN\"} 0.001",
            "")),
        sorted(exposition()));
  }

  @Test
  void micrometerBucketsAreMicrometersPercentileHistogram() {
    double[] b = MicrometerNaming.PERCENTILE_BUCKETS;
    assertEquals(0.001, b[0]);
    assertEquals(0.001048576, b[1], 1e-15); // 4^10 ns, the first of Micrometer's own above 1 ms
    assertEquals(28.633115306, b[b.length - 2], 1e-9);
    assertEquals(30.0, b[b.length - 1]);
    assertEquals(68, b.length); // Micrometer's 66 between the two, and its min and max

  }

  @Test
  void prometheusProfileTakesTheEndpointLabelName() throws Exception {
    HttpMetrics m = metrics(NamingProfile.prometheus("route", false), new double[] {1});
    m.routeAdded("GET", "/a");
    m.record("GET", "/a", 200, 1_000_000L);
    String text = exposition();
    assertTrue(text.contains("http_requests_total{method=\"GET\",route=\"/a\",status_code=\"200\"} 1.0"), text);
    assertTrue(text.contains("http_route_info{method=\"GET\",route=\"/a\"} 1"), text);
    assertTrue(text.contains("http_requests_in_progress{method=\"GET\",route=\"/a\"} 0.0"), text);
    assertTrue(text.contains("http_request_duration_seconds_count{method=\"GET\",route=\"/a\"} 1"), text);
    assertTrue(!text.contains("endpoint="), text);
  }

  @Test
  void exceptionNamesPerRouteAreCapped() throws Exception {
    HttpMetrics m = metrics(NamingProfile.micrometer(), new double[] {1});
    for (int i = 0; i < HttpMetrics.MAX_EXCEPTIONS + 3; i++) {
      m.record(null, "GET", "/a", 500, 1L, null, -1, -1, 0, "E" + i);
    }
    m.record(null, "GET", "/a", 500, 1L, null, -1, -1, 0, "E0"); // a known one keeps its series
    String text = exposition();
    assertTrue(text.contains("exception=\"overflow\""), text);
    assertEquals(3, m.overExceptionCap());
    assertTrue(text.contains("http_server_requests_seconds_count{error=\"E0\",exception=\"E0\",method=\"GET\",outcome=\"SERVER_ERROR\",status=\"500\",uri=\"/a\"} 2"), text);
  }

  @Test
  void defaultServiceNameIsTheMainClassOrJar() {
    assertEquals("demo-app", NamingProfile.defaultServiceName("/opt/x/demo-app.jar --port 0"));
    assertEquals("com.example.Main", NamingProfile.defaultServiceName("com.example.Main a b"));
    assertEquals("java", NamingProfile.defaultServiceName(null));
  }
}
