package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The case table of the Vert.x Web test app (test-apps/vertx-app) on one Vert.x version; answers
 * are compared with their headers too.
 *
 * <p>Label rules checked here: {@code endpoint} is the path of the route whose handler answered,
 * as written ({@code /items/:id}), under every sub-router's mount point ({@code /api}, {@code
 * /api/v2}, the parameterized {@code /users/:uid}: never the path it matched); a regex route's
 * regex; {@code ctx.fail(404)} and a handler's exception keep their route (a failure handler
 * answers both and renames nothing); the auth handler on {@code /secure/*} that fails with 401
 * keeps the route it stood in front of ({@code /secure/data}), or its own wildcard where no route
 * is behind it; a wrong method is the router's 405, counted under the route whose path matched;
 * {@code static} for a file the {@code StaticHandler} served, {@code unmatched} for the router's
 * own 404 (a missing file included); a stream the client leaves is counted once, with the status
 * it had; a route that sets the response's own end handler is counted as any other; what Vert.x's
 * server answers before the router ({@code unmatched}): a request line it cannot decode (400), a
 * URI or headers too large (414, 431), all three with Netty's placeholder method, so {@code
 * OTHER}, and an HTTP version it does not serve (501). With {@code sizes=true}: the bytes of the
 * request body read and of the response body written.
 */
abstract class VertxAppIT extends AppCases {
  /** {@code 4.5} or {@code 5}. */
  abstract String vertx();

  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    String jar = "vertx-" + vertx() + "/target/vertx-" + vertx() + "-app.jar";
    return b.jar(Artifacts.testAppFile(jar)).args("--port", "0");
  }

  @Override
  String readyLine() {
    return "vertx-app listening on http://localhost:(\\d+)";
  }

  @Override
  String agentOptions() {
    return ",sizes=true";
  }

  /**
   * The bytes of the request body the server read (the POST's 3, none: 0) and of the response
   * body it wrote ({@code created ann}, {@code hello}, the static file's 25).
   */
  @Test
  void requestAndResponseSizesAreTheBodysBytes() {
    String request = "http_request_size_bytes_sum";
    String response = "http_response_size_bytes_sum";
    for (Scrape s : List.of(agentScrape(), attachScrape())) {
      assertEquals(3.0, s.value(request, "method", "POST", "endpoint", "/api/items"));
      assertEquals(11.0, s.value(response, "method", "POST", "endpoint", "/api/items"));
      assertEquals(0.0, s.value(request, "method", "GET", "endpoint", "/hello"));
      assertEquals(5.0, s.value(response, "method", "GET", "endpoint", "/hello"));
      assertEquals(25.0, s.value(response, "method", "GET", "endpoint", "static"));
    }
  }

  @Override
  boolean compareHeaders() {
    return true;
  }

  @Override
  List<Case> cases() {
    String item = "/api/items/:id";
    return List.of(
        Case.of("GET", "/hello", 200, "/hello"),
        Case.of("PUT", "/ping", 200, "/ping"),
        Case.of("GET", "/own-end", 200, "/own-end"),
        Case.of("GET", "/api/items/1", 200, item),
        Case.of("GET", "/api/items/2", 200, item),
        Case.of("GET", "/api/items/0", 404, item),
        Case.of("GET", "/api/items/x", 500, item),
        Case.of("POST", "/api/items", 201, "/api/items").body("ann"),
        Case.of("GET", "/api/slow", 200, "/api/slow"),
        Case.of("GET", "/api/stream", 200, "/api/stream").leaveAfter("tick 1"),
        Case.of("GET", "/api/v2/items/3", 200, "/api/v2/items/:id"),
        Case.of("GET", "/users/7/orders/9", 200, "/users/:uid/orders/:oid"),
        Case.of("GET", "/users/8/orders/1", 200, "/users/:uid/orders/:oid"),
        Case.of("GET", "/reports/2024", 200, "/reports/([0-9]{4})"),
        Case.of("GET", "/secure/data", 401, "/secure/data"),
        Case.of("GET", "/secure/data", 200, "/secure/data").headers("X-Token", "t0ken"),
        Case.of("GET", "/secure/nothing", 401, "/secure/*"),
        Case.of("DELETE", "/api/items/1", 405, item),
        Case.of("GET", "/static/hello.txt", 200, "static"),
        Case.of("GET", "/static/missing.txt", 404, "unmatched"),
        Case.of("GET", "/does/not/exist", 404, "unmatched"),
        Case.raw("G@T /hello HTTP/1.1\r\n" + HOST, 400, "OTHER"),
        Case.raw("GET /" + "a".repeat(5000) + " HTTP/1.1\r\n" + HOST, 414, "OTHER"),
        Case.raw("GET /hello HTTP/1.1\r\n" + HOST + "X-Big: " + "x".repeat(9000) + "\r\n", 431, "OTHER"),
        Case.raw("GET /hello HTTP/9.9\r\n" + HOST, 501, "GET"));
  }

  private static final String HOST = "Host: 127.0.0.1\r\n";

  @Override
  Set<String> routes() {
    return Set.of(
        "GET /hello",
        "ANY /ping",
        "GET /own-end",
        "GET /secure/data",
        "GET /reports/([0-9]{4})",
        "GET /api/items/:id",
        "POST /api/items",
        "GET /api/slow",
        "GET /api/stream",
        "GET /api/v2/items/:id",
        "GET /users/:uid/orders/:oid");
  }
}
