package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The host is never harmed: with the recorder forced to throw on every request (the
 * {@code saboteur-agent} test agent, given after the metrics agent, replaces it through the
 * bridge), the demo app answers exactly as without the agent, the exporter still serves, and the
 * agent logs the failure once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecorderFailureIT {
  private static final String WARNING = "[metrics-agent] WARNING: recording a request failed";

  private ChildJvm app;
  private int metricsPort;
  private Http http;
  private int sent;

  @BeforeAll
  void start() {
    metricsPort = FreePort.find();
    app =
        ChildJvm.builder(getClass().getSimpleName(), "demo")
            .agent("port=" + metricsPort + ",host=127.0.0.1")
            .jvmArgs("-javaagent:" + Artifacts.saboteurAgentJar())
            .jar(Artifacts.demoAppJar())
            .args("--port", "0", "--host", "127.0.0.1")
            .start();
    app.awaitStderr("saboteur: recorder replaced");
    int port =
        Integer.parseInt(app.awaitStdout("demo-app listening on http://localhost:(\\d+)").group(1));
    app.awaitStderr("serving metrics on");
    http = new Http(port);
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.destroy();
    }
  }

  private Http.Reply expect(
      String method, String path, String body, int status, String expectedBody) {
    Http.Reply r =
        body == null
            ? http.send(method, path, null)
            : http.send(method, path, body, "Content-Type", "application/json");
    sent++;
    assertEquals(status, r.status(), method + " " + path + ": " + r.body());
    assertEquals(expectedBody, r.body(), method + " " + path);
    assertEquals("application/json", r.header("Content-Type"), method + " " + path);
    return r;
  }

  @Test
  void everyResponseIsExactlyTheAppsAndTheFailureIsLoggedOnce() {
    for (int id = 1; id <= 7; id++) {
      String product = "{\"id\":" + id + ",\"name\":\"p" + id + "\",\"price\":9.50,\"amount\":3}";
      String updated = "{\"id\":" + id + ",\"name\":\"q" + id + "\",\"price\":10.25,\"amount\":4}";
      String gone = "{\"error\":\"not_found\",\"detail\":\"product " + id + " does not exist\"}";
      Http.Reply created = expect("POST", "/products", product, 201, product);
      assertEquals("/products/" + id, created.header("Location"));
      expect("GET", "/products/" + id, null, 200, product);
      expect("PUT", "/products/" + id, updated, 200, updated);
      expect(
          "POST",
          "/products",
          "{\"id\": \"x\"}",
          400,
          "{\"error\":\"invalid_product\",\"detail\":\"field 'id' must be a positive integer, got a"
              + " string\"}");
      expect("DELETE", "/products/" + id, null, 204, "");
      expect("GET", "/products/" + id, null, 404, gone);
      expect(
          "GET",
          "/no/such/" + id,
          null,
          404,
          "{\"error\":\"not_found\",\"detail\":\"no route for GET /no/such/" + id + "\"}");
      expect("GET", "/health", null, 200, "{\"status\":\"UP\"}");
    }
    assertEquals(56, sent);
    expect("GET", "/products", null, 200, "[]");

    Http exporter = Http.connectionPerRequest(metricsPort);
    assertEquals(200, exporter.get("/-/healthy").status());
    Scrape s = Scrape.of(metricsPort);
    for (String name : Scrape.PROCESS_METRICS) {
      assertTrue(s.names().contains(name), name + " missing: " + s.names());
    }
    // the recorder never got to count anything
    assertEquals(0, s.seriesNamed("http_requests_total").size(), s.text());

    List<String> warnings = app.agentLines().stream().filter(l -> l.contains(WARNING)).toList();
    assertEquals(1, warnings.size(), app.describeOutput());
    assertTrue(app.isAlive());
  }
}
