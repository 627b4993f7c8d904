package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The case table of the Spring WebFlux test app (test-apps/webflux-app), a Boot fat jar on
 * Reactor Netty with {@code spring.webflux.base-path=/api}. Cases: annotated routes with path
 * variables, a route's own 404 ({@code ResponseStatusException}), an {@code @ExceptionHandler}'s
 * 400, a POST, a {@code Mono.delay}, a stream of server-sent events (ended when it completes)
 * and one the client leaves (cancelled: counted once, with the status it had, 200), functional
 * routes (never a lambda's name), a {@code WebFilter}'s 401 before routing (keeps the route;
 * unmatched where no route would have matched), a 405 (the route whose path matched), static
 * files ({@code static}; a missing one unmatched), a path outside the base path (Boot's own 404:
 * unmatched).
 */
abstract class WebFluxAppIT extends AppCases {
  static final String REQUEST_SIZE = "http_request_size_bytes";
  static final String RESPONSE_SIZE = "http_response_size_bytes";

  /** {@code 3.5} or {@code 4.0}. */
  abstract String boot();

  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(
            Artifacts.testAppFile(
                "webflux-" + boot() + "/target/webflux-app-" + boot() + ".jar"))
        .args("--server.port=0", "--server.address=127.0.0.1", "--" + serverOption());
  }

  /**
   * One request per connection: on a kept-alive connection Reactor Netty (1.2.11 in Boot 3.5.7,
   * 1.3 in Boot 4.0.7) now and then leaves the next request unanswered after a few others, the
   * bare app as well (a few rounds in a dozen of curl on one connection; a stall like
   * reactor/reactor-netty#4361), which would fail a run for a reason that is not the agent's.
   */
  String serverOption() {
    return "server.netty.max-keep-alive-requests=1";
  }

  @Override
  String agentOptions() {
    return ",sizes=true";
  }

  /**
   * Sizes from the exchange: the POST's body (3 bytes) on both agents, and the {@code
   * Content-Length} WebFlux sent with each single-value answer of {@code /api/items/{id}}.
   */
  @Test
  void requestAndResponseSizesAreReadFromTheExchange() {
    for (Scrape s : List.of(agentScrape(), attachScrape())) {
      String item = "/api/items/{id}";
      String post = "/api/items";
      assertEquals(1.0, s.value(REQUEST_SIZE + "_count", "method", "POST", "endpoint", post));
      assertEquals(3.0, s.value(REQUEST_SIZE + "_sum", "method", "POST", "endpoint", post));
      assertEquals(4.0, s.value(RESPONSE_SIZE + "_count", "method", "GET", "endpoint", item));
      // {"id":1} and {"id":2}, an error body and the handler's message
      assertTrue(s.value(RESPONSE_SIZE + "_sum", "method", "GET", "endpoint", item) > 16);
    }
  }

  @Override
  String readyLine() {
    return "webflux-app listening on http://localhost:(\\d+)";
  }

  /** WebFlux's error answers carry the time and a request id. */
  @Override
  String normaliseBody(String body) {
    return body.replaceAll("\"timestamp\":\"[^\"]*\"", "\"timestamp\":\"T\"")
        .replaceAll("\"requestId\":\"[^\"]*\"", "\"requestId\":\"R\"");
  }

  @Override
  List<Case> cases() {
    String item = "/api/items/{id}";
    return List.of(
        Case.of("GET", "/api/items/1", 200, item),
        Case.of("GET", "/api/items/2", 200, item),
        Case.of("GET", "/api/items/0", 404, item),
        Case.of("GET", "/api/items/-1", 400, item),
        Case.of("POST", "/api/items", 201, "/api/items").body("ann"),
        Case.of("GET", "/api/slow?ms=30", 200, "/api/slow"),
        Case.of("GET", "/api/events?n=3", 200, "/api/events"),
        Case.of("GET", "/api/events", 200, "/api/events").leaveAfter("data:tick 1"),
        Case.of("GET", "/api/fn/hello/bob", 200, "/api/fn/hello/{name}"),
        Case.of("GET", "/api/fn/ping", 200, "/api/fn/ping"),
        Case.of("GET", "/api/secure/data", 401, "/api/secure/data"),
        Case.of("GET", "/api/secure/data", 200, "/api/secure/data").headers("X-Token", "t0ken"),
        // refused before routing, and no route would have matched
        Case.of("GET", "/api/secure/nothing", 401, "unmatched"),
        Case.of("DELETE", "/api/items/1", 405, item),
        Case.of("GET", "/api/hello.txt", 200, "static"),
        Case.of("GET", "/api/missing.txt", 404, "unmatched"),
        Case.of("GET", "/api/does/not/exist", 404, "unmatched"),
        Case.of("GET", "/outside/the/base", 404, "unmatched"));
  }

  @Override
  Set<String> routes() {
    return Set.of(
        "GET /api/items/{id}",
        "POST /api/items",
        "GET /api/slow",
        "GET /api/events",
        "GET /api/secure/data",
        "GET /api/fn/hello/{name}",
        "GET /api/fn/ping");
  }
}
