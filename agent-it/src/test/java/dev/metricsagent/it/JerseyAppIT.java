package dev.metricsagent.it;

import java.util.List;
import java.util.Set;

/**
 * The case table of the Jersey test app (test-apps/jersey-app) on Grizzly, where Jersey's own
 * entry times the request. Cases: class and method {@code @Path}s joined, a regex variable, a
 * resource's own 404 ({@code NotFoundException}), a post-matching {@code ContainerRequestFilter}
 * aborting with 401 (keeps the route), {@code WebApplicationException(418)}, an exception
 * mapper's 409, an uncaught 500, a trailing-slash template, unknown paths (unmatched), and what
 * Grizzly answers before Jersey's entry (unmatched): 500 for an empty {@code Host} header, 400
 * for none.
 */
abstract class JerseyAppIT extends AppCases {
  abstract String jersey();

  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(Artifacts.jerseyAppJar(jersey())).args("--port", "0");
  }

  @Override
  String readyLine() {
    return "jersey-app listening on http://localhost:(\\d+)";
  }

  @Override
  List<Case> cases() {
    String order = "/orders/{id:[0-9]+}";
    return List.of(
        Case.of("GET", "/orders/1", 200, order),
        Case.of("GET", "/orders/2", 200, order),
        Case.of("GET", "/orders/0", 404, order),
        Case.of("GET", "/orders/7/items", 200, "/orders/{id}/items"),
        Case.of("POST", "/orders", 201, "/orders").body("x"),
        Case.of("GET", "/orders/teapot", 418, "/orders/teapot"),
        Case.of("GET", "/orders/conflict", 409, "/orders/conflict"),
        Case.of("GET", "/orders/boom", 500, "/orders/boom"),
        Case.of("GET", "/orders/trail", 200, "/orders/trail"),
        Case.of("GET", "/orders/trail/", 200, "/orders/trail"),
        Case.of("GET", "/secure/data", 401, "/secure/data"),
        Case.of("GET", "/secure/data", 200, "/secure/data").headers("X-Token", "t0ken"),
        Case.of("GET", "/orders/ab", 404, "unmatched"),
        Case.of("GET", "/nope", 404, "unmatched"),
        // Jersey's container builds the URI from Host first: empty, it throws; Grizzly's 500 page
        Case.raw("GET /orders/1 HTTP/1.1\r\nHost: \r\n", 500, "GET"),
        Case.raw("GET /orders/1 HTTP/1.1\r\n", 400, "GET")); // no Host: Grizzly's codec
  }

  @Override
  Set<String> routes() {
    return Set.of(
        "GET /orders/{id:[0-9]+}",
        "DELETE /orders/{id:[0-9]+}",
        "GET /orders/{id}/items",
        "POST /orders",
        "GET /orders/teapot",
        "GET /orders/conflict",
        "GET /orders/boom",
        "GET /orders/trail",
        "GET /secure/data");
  }
}
