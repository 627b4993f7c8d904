package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Quarkus 3.33.2 test app (test-apps/quarkus-3), a fast-jar ({@code quarkus-run.jar}) in JVM
 * mode: Quarkus REST resources on Vert.x Web, counted once (by the Vert.x module) and named by the
 * resource method RESTEasy chose ({@code /items/{id}}, a locator's {@code
 * /albums/{albumId}/tracks/{num}}), also when a request filter refuses it (401), Quarkus security
 * does ({@code @RolesAllowed}, {@code @Authenticated}: 401, 403; an HTTP permission before
 * RESTEasy: the method RESTEasy would have chosen), the method throws a {@code NotFoundException}
 * (404) or an {@code ExceptionMapper} answers (400), or RESTEasy answers 405 (the method whose
 * path matched); a reactive route and Micrometer's {@code /q/metrics} are Vert.x routes; a file
 * of {@code META-INF/resources} is {@code static}; a path no resource matches is {@code
 * unmatched}. The resource methods and Quarkus's Vert.x routes are in the route inventory from
 * start-up on.
 */
class Quarkus3IT extends AppCases {
  /** Basic credentials of application.properties' users: alice is an admin, bob a user. */
  private static final String ALICE = "Basic YWxpY2U6YWxpY2UtcHc=";

  private static final String BOB = "Basic Ym9iOmJvYi1wdw==";

  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.systemProperty("quarkus.http.port", "0")
        .jar(Artifacts.testAppFile("quarkus-3/target/quarkus-app/quarkus-run.jar"));
  }

  @Override
  String readyLine() {
    return "Listening on: http://127\\.0\\.0\\.1:(\\d+)";
  }

  @Override
  List<Case> cases() {
    String item = "/items/{id}";
    String staff = "/staff/{id}";
    return List.of(
        Case.of("GET", "/items/1", 200, item),
        Case.of("GET", "/items/2", 200, item),
        Case.of("GET", "/items/0", 404, item),
        Case.of("GET", "/items/-1", 400, item),
        Case.of("GET", "/items", 200, "/items"),
        Case.of("POST", "/items", 201, "/items").body("ann"),
        Case.of("GET", "/albums/a1/tracks/2", 200, "/albums/{albumId}/tracks/{num}"),
        Case.of("GET", "/secure/data", 401, "/secure/data"),
        Case.of("GET", "/secure/data", 200, "/secure/data").headers("X-Token", "t0ken"),
        Case.of("DELETE", "/items/1", 405, item),
        Case.of("GET", "/rr/ping", 200, "/rr/ping"),
        Case.of("GET", "/does/not/exist", 404, "unmatched"),
        Case.of("GET", "/staff/7", 401, staff),
        Case.of("GET", "/staff/7", 403, staff).headers("Authorization", BOB),
        Case.of("GET", "/staff/7", 200, staff).headers("Authorization", ALICE),
        Case.of("GET", "/staff/me", 401, "/staff/me"),
        Case.of("GET", "/staff/me", 200, "/staff/me").headers("Authorization", BOB),
        Case.of("GET", "/locked/1", 401, "/locked/{id}"),
        Case.of("GET", "/locked/1", 403, "/locked/{id}").headers("Authorization", BOB),
        Case.of("GET", "/q/metrics", 200, "/q/metrics"),
        Case.of("GET", "/hello.txt", 200, "static"));
  }

  /**
   * The app's {@code /q/metrics} text differs between any two runs (durations, memory; a GC's
   * series appear when one ran): compared by whether it is the registry's text with its HTTP
   * series.
   */
  @Override
  String normaliseBody(String body) {
    return body.contains("# TYPE ")
        ? "Micrometer's text, HTTP series: " + body.contains("# TYPE http_server_requests_seconds ")
        : body;
  }

  /**
   * The Quarkus REST resource methods, the locator's sub-resource method under the locator's
   * path; the Vert.x routes of Quarkus's router: the reactive route, Micrometer's {@code
   * /q/metrics} and Quarkus's own {@code /}. All at start-up with {@code -javaagent}, at the first
   * request after an attach.
   */
  @Override
  Set<String> routes() {
    return Set.of(
        "GET /items/{id}",
        "GET /items",
        "POST /items",
        "GET /albums/{albumId}/tracks/{num}",
        "GET /secure/data",
        "GET /staff/{id}",
        "GET /staff/me",
        "GET /locked/{id}",
        "GET /rr/ping",
        "ANY /q/metrics",
        "ANY /");
  }

  /**
   * The app's own Micrometer registry (quarkus-micrometer-registry-prometheus) at {@code
   * /q/metrics} counted the same requests as the agent, on the app's port, and the agent's port
   * has none of its series; then a {@code traceparent} becomes an exemplar of the request's
   * duration on the agent's port (OpenMetrics), as on every stack.
   */
  @Test
  void theAppsOwnMicrometerRegistryStaysApartAndExemplarsComeThrough() throws Exception {
    String appMetrics = new Http(agentAppPort()).get("/q/metrics").body();
    assertTrue(
        appMetrics
            .lines()
            .anyMatch(
                l -> l.startsWith("http_server_requests_seconds_count{")
                    && l.contains("status=\"200\"")
                    && l.contains("uri=\"/items/{id}\"")
                    && l.endsWith(" 2.0")),
        appMetrics);
    for (String key : agentScrape().all().keySet()) {
      assertTrue(!key.startsWith("http_server_requests"), "the app's series, agent's port: " + key);
    }
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String spanId = "00f067aa0ba902b7";
    String traceparent = "00-" + traceId + "-" + spanId + "-01";
    Http app = new Http(agentAppPort());
    assertEquals(200, app.get("/items/5", "traceparent", traceparent).status());
    String om = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!om.contains(traceId) && System.nanoTime() < deadline) {
      om = openMetrics();
      Thread.sleep(100);
    }
    assertTrue(
        om.lines()
            .anyMatch(
                l -> l.startsWith(DURATION + "_bucket{endpoint=\"/items/{id}\",method=\"GET\"")
                    && l.contains("# {span_id=\"" + spanId + "\",trace_id=\"" + traceId + "\"}")),
        om);
  }

  private String openMetrics() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + agentMetricsPort() + "/metrics"))
                    .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    return r.body();
  }
}
