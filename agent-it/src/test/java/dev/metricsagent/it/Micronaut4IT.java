package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The case table of the Micronaut 4 test app (test-apps/micronaut-4), an executable jar on
 * Micronaut's Netty server. Cases: routes with path variables, a route's own 404 ({@code
 * HttpStatusException}), an {@code @Error} handler's 400, an error route (Micronaut's 500), a
 * POST, a delayed {@code Mono}, a stream of server-sent events (ended when it completes) and one
 * the client leaves (counted once, with the status it had, 200), a server filter's 401 (it runs
 * after routing: keeps the route; unmatched where no route matched), a pre-matching filter's 403
 * (named by the router's lookup; unmatched where no route matches), a 405 (the route whose path
 * matched), a HEAD (Micronaut's own HEAD route of a GET), static files ({@code static}; a missing
 * one unmatched), a URI Micronaut cannot take (its 400, unmatched).
 */
class Micronaut4IT extends AppCases {
  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(Artifacts.testAppFile("micronaut-4/target/micronaut-app-4.jar"))
        .args("--port", "0", "--host", "127.0.0.1");
  }

  @Override
  String agentOptions() {
    return ",sizes=true";
  }

  /**
   * The request's {@code Content-Length} (the POST's 3 bytes, none: 0); the length each response
   * was written with ({@code /items/{id}}: two {@code {"id":n}}, an error body, the {@code @Error}
   * handler's text), none for a stream.
   */
  @Test
  void requestAndResponseSizesAreRead() {
    for (Scrape s : List.of(agentScrape(), attachScrape())) {
      String request = "http_request_size_bytes";
      String response = "http_response_size_bytes";
      assertEquals(1.0, s.value(request + "_count", "method", "POST", "endpoint", "/items"));
      assertEquals(3.0, s.value(request + "_sum", "method", "POST", "endpoint", "/items"));
      assertEquals(2.0, s.value(request + "_count", "method", "GET", "endpoint", "/secure/data"));
      assertEquals(0.0, s.value(request + "_sum", "method", "GET", "endpoint", "/secure/data"));
      assertEquals(4.0, s.value(response + "_count", "method", "GET", "endpoint", "/items/{id}"));
      assertTrue(s.value(response + "_sum", "method", "GET", "endpoint", "/items/{id}") > 16);
      assertEquals(
          1.0, s.value(response + "_count", "method", "GET", "endpoint", "/items/slow")); // "slow"
      assertEquals(4.0, s.value(response + "_sum", "method", "GET", "endpoint", "/items/slow"));
      Double streams = s.value(response + "_count", "method", "GET", "endpoint", "/items/events");
      assertTrue(streams == null || streams == 0.0, "a stream's size: " + streams);
    }
  }

  @Override
  String readyLine() {
    return "micronaut-app listening on http://localhost:(\\d+)";
  }

  @Override
  List<Case> cases() {
    String item = "/items/{id}";
    return List.of(
        Case.of("GET", "/items/1", 200, item),
        Case.of("GET", "/items/2", 200, item),
        Case.of("HEAD", "/items/2", 200, item),
        Case.of("GET", "/items/0", 404, item),
        Case.of("GET", "/items/-1", 400, item),
        Case.of("GET", "/items/boom", 500, "/items/boom"),
        Case.of("POST", "/items", 201, "/items").body("ann"),
        Case.of("GET", "/items/slow?ms=30", 200, "/items/slow"),
        Case.of("GET", "/items/events?n=3", 200, "/items/events"),
        Case.of("GET", "/items/events", 200, "/items/events").leaveAfter("data: tick 1"),
        Case.of("GET", "/users/ann/orders/3", 200, "/users/{user}/orders/{order}"),
        Case.of("GET", "/secure/data", 401, "/secure/data"),
        Case.of("GET", "/secure/data", 200, "/secure/data").headers("X-Token", "t0ken"),
        // refused by the filter, and no route matched
        Case.of("GET", "/secure/nothing", 401, "unmatched"),
        // refused by a pre-matching filter: named by the router's lookup at the end
        Case.of("GET", "/admin/stats/mon", 403, "/admin/stats/{day}"),
        Case.of("GET", "/admin/stats/mon", 200, "/admin/stats/{day}").headers("X-Admin", "1"),
        Case.of("GET", "/admin/nothing", 403, "unmatched"),
        Case.of("DELETE", "/items/1", 405, item),
        Case.of("GET", "/static/hello.txt", 200, "static"),
        Case.of("GET", "/static/missing.txt", 404, "unmatched"),
        Case.of("GET", "/does/not/exist", 404, "unmatched"),
        Case.raw("GET /items/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n", 400, "GET"));
  }

  @Override
  Set<String> routes() {
    return Set.of(
        "GET /items/{id}",
        "GET /items/boom",
        "POST /items",
        "GET /items/slow",
        "GET /items/events",
        "GET /users/{user}/orders/{order}",
        "GET /secure/data",
        "GET /admin/stats/{day}");
  }
}
