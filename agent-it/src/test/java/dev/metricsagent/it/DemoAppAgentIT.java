package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The agent on the demo app: exact counters for a CRUD sequence, and proof that the agent does
 * not change a single byte the app sends. The same raw HTTP/1.1 requests go first to the app
 * without the agent, then (in a second JVM, fresh store) to the app with it; the responses must
 * be identical apart from the {@code Date} header.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoAppAgentIT {
  private static final String REQUESTS = "http_requests_total";
  private static final String JSON = "application/json";

  /** method, path, content type, body, expected status, expected method label, endpoint */
  private record Step(
      String method,
      String path,
      String contentType,
      String body,
      int status,
      String labelMethod,
      String endpoint) {

    byte[] rawRequest() {
      StringBuilder b = new StringBuilder();
      b.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      b.append("Host: localhost\r\n"); // not the port: both runs must send the same bytes
      if (contentType != null) {
        b.append("Content-Type: ").append(contentType).append("\r\n");
      }
      byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      if (body != null) {
        b.append("Content-Length: ").append(payload.length).append("\r\n");
      }
      b.append("Connection: close\r\n\r\n");
      byte[] head = b.toString().getBytes(StandardCharsets.ISO_8859_1);
      byte[] all = new byte[head.length + payload.length];
      System.arraycopy(head, 0, all, 0, head.length);
      System.arraycopy(payload, 0, all, head.length, payload.length);
      return all;
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private static final List<Step> SEQUENCE =
      List.of(
          new Step("POST", "/products", JSON,
              "{\"id\":1,\"name\":\"Laptop\",\"price\":999.99,\"amount\":10}",
              201, "POST", "/products"),
          // the "/products/" route: folded into /products
          new Step("POST", "/products/", JSON,
              "{\"id\":2,\"name\":\"Mouse\",\"price\":19.99,\"amount\":5}",
              201, "POST", "/products"),
          new Step("POST", "/products", JSON,
              "{\"id\":1,\"name\":\"Again\",\"price\":1,\"amount\":1}",
              409, "POST", "/products"),
          new Step("POST", "/products", JSON, "{\"id\": 3, \"name\": \"Pen\"",
              400, "POST", "/products"),
          new Step("POST", "/products", "text/plain", "id=3",
              415, "POST", "/products"),
          new Step("GET", "/products/1", null, null, 200, "GET", "/products/:id"),
          new Step("GET", "/products/99", null, null, 404, "GET", "/products/:id"),
          new Step("GET", "/products/abc", null, null, 400, "GET", "/products/:id"),
          new Step("GET", "/products", null, null, 200, "GET", "/products"),
          new Step("GET", "/products/", null, null, 200, "GET", "/products"),
          new Step("PUT", "/products/1", JSON,
              "{\"id\":1,\"name\":\"Laptop Pro\",\"price\":1299.50,\"amount\":4}",
              200, "PUT", "/products/:id"),
          new Step("PUT", "/products/99", JSON,
              "{\"id\":99,\"name\":\"Ghost\",\"price\":1,\"amount\":1}",
              404, "PUT", "/products/:id"),
          new Step("DELETE", "/products/2", null, null, 204, "DELETE", "/products/:id"),
          new Step("DELETE", "/products/2", null, null, 404, "DELETE", "/products/:id"),
          new Step("GET", "/nope", null, null, 404, "GET", "unmatched"),
          new Step("DELETE", "/nope", null, null, 404, "DELETE", "unmatched"),
          // answered by Spark from the GET route without running it
          new Step("HEAD", "/products/1", null, null, 200, "HEAD", "/products/:id"),
          new Step("GET", "/health", null, null, 200, "GET", "/health"),
          new Step("GET", "/", null, null, 200, "GET", "/"));

  private ChildJvm withAgent;
  private int metricsPort;
  private List<String> bareResponses;
  private List<String> agentResponses;
  private Scrape scrape;

  @BeforeAll
  void runTheSequenceWithoutAndWithTheAgent() {
    ChildJvm bare = startDemo("demo-without-agent", null);
    try {
      bareResponses = runSequence(bare);
    } finally {
      bare.destroy();
    }

    metricsPort = FreePort.find();
    withAgent = startDemo("demo-with-agent", "port=" + metricsPort + ",host=127.0.0.1");
    withAgent.awaitStderr("serving metrics on");
    agentResponses = runSequence(withAgent);
    scrape =
        Scrape.await(
            metricsPort, s -> s.sum(REQUESTS) >= SEQUENCE.size(), Duration.ofSeconds(10));
  }

  @AfterAll
  void stop() {
    if (withAgent != null) {
      withAgent.destroy();
    }
  }

  private ChildJvm startDemo(String name, String agentOptions) {
    ChildJvm.Builder b = ChildJvm.builder(getClass().getSimpleName(), name);
    if (agentOptions != null) {
      b.agent(agentOptions);
    }
    return b.jar(Artifacts.demoAppJar()).args("--port", "0", "--host", "127.0.0.1").start();
  }

  /** Each response as ISO-8859-1 text (one char per byte) without its Date header. */
  private static List<String> runSequence(ChildJvm app) {
    int port =
        Integer.parseInt(app.awaitStdout("demo-app listening on http://localhost:(\\d+)").group(1));
    Http http = new Http(port);
    List<String> out = new ArrayList<>();
    for (Step s : SEQUENCE) {
      String response = new String(http.raw(s.rawRequest()), StandardCharsets.ISO_8859_1);
      out.add(response.replaceFirst("(?im)^Date: [^\r\n]*\r\n", ""));
    }
    return out;
  }

  private static int status(String rawResponse) {
    // "HTTP/1.1 201 Created"
    return Integer.parseInt(rawResponse.substring(9, 12));
  }

  @Test
  void theAppAnswersAsItsApiSays() {
    for (int i = 0; i < SEQUENCE.size(); i++) {
      Step s = SEQUENCE.get(i);
      assertEquals(s.status(), status(bareResponses.get(i)), s + " without agent");
      assertEquals(s.status(), status(agentResponses.get(i)), s + " with agent");
    }
  }

  @Test
  void responsesAreByteForByteIdenticalWithAndWithoutTheAgent() {
    for (int i = 0; i < SEQUENCE.size(); i++) {
      assertEquals(bareResponses.get(i), agentResponses.get(i), SEQUENCE.get(i).toString());
    }
  }

  @Test
  void requestCounterHasExactlyOneCountPerRequest() {
    SortedMap<String, Double> expected = new TreeMap<>();
    for (Step s : SEQUENCE) {
      expected.merge(
          Scrape.key(
              REQUESTS,
              "method", s.labelMethod(),
              "endpoint", s.endpoint(),
              "status_code", Integer.toString(s.status())),
          1.0,
          Double::sum);
    }
    assertEquals(expected, scrape.seriesNamed(REQUESTS), withAgent.describeOutput());
  }

  @Test
  void histogramCountsMatchTheCounter() {
    SortedMap<String, Double> expected = new TreeMap<>();
    for (Step s : SEQUENCE) {
      expected.merge(
          Scrape.key(
              "http_request_duration_seconds_count",
              "method", s.labelMethod(),
              "endpoint", s.endpoint()),
          1.0,
          Double::sum);
    }
    assertEquals(expected, scrape.seriesNamed("http_request_duration_seconds_count"));
    for (Map.Entry<String, Double> e : expected.entrySet()) {
      Map<String, String> l = scrape.labelsOf(e.getKey());
      assertEquals(
          e.getValue(),
          scrape.value(
              "http_request_duration_seconds_bucket",
              "method", l.get("method"),
              "endpoint", l.get("endpoint"),
              "le", "+Inf"));
    }
  }

  @Test
  void agentLogsOnlyItsStartLine() {
    List<String> lines = withAgent.agentLines();
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains("serving metrics on"), lines.toString());
  }
}
