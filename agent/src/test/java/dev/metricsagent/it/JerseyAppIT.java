package dev.metricsagent.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The agent on the Jersey test app (test-apps/jersey-app) on Grizzly, where Jersey's own entry
 * times the request. Cases: class and method {@code @Path}s joined, a regex variable, a
 * resource's own 404 ({@code NotFoundException}), a post-matching {@code ContainerRequestFilter}
 * aborting with 401 (keeps the route), {@code WebApplicationException(418)}, an exception
 * mapper's 409, an uncaught 500, a trailing-slash template, unknown paths (unmatched).
 */
abstract class JerseyAppIT extends FrameworkAppIT {
  abstract String jersey();

  @Override
  Path appJar() {
    return Artifacts.jerseyAppJar(jersey());
  }

  @Override
  List<String> appArgs() {
    return List.of("--port", "0");
  }

  @Override
  String readyLine() {
    return "jersey-app listening on http://localhost:(\\d+)";
  }

  @Override
  List<Case> cases() {
    String order = "/orders/{id:[0-9]+}";
    List<String> none = List.of();
    return List.of(
        new Case("GET", "/orders/1", null, none, 200, "GET", order),
        new Case("GET", "/orders/2", null, none, 200, "GET", order),
        new Case("GET", "/orders/0", null, none, 404, "GET", order),
        new Case("GET", "/orders/7/items", null, none, 200, "GET", "/orders/{id}/items"),
        new Case("POST", "/orders", "x", List.of("Content-Type", "text/plain"), 201, "POST",
            "/orders"),
        new Case("GET", "/orders/teapot", null, none, 418, "GET", "/orders/teapot"),
        new Case("GET", "/orders/conflict", null, none, 409, "GET", "/orders/conflict"),
        new Case("GET", "/orders/boom", null, none, 500, "GET", "/orders/boom"),
        new Case("GET", "/orders/trail", null, none, 200, "GET", "/orders/trail"),
        new Case("GET", "/orders/trail/", null, none, 200, "GET", "/orders/trail"),
        new Case("GET", "/secure/data", null, none, 401, "GET", "/secure/data"),
        new Case("GET", "/secure/data", null, List.of("X-Token", "t0ken"), 200, "GET",
            "/secure/data"),
        new Case("GET", "/orders/ab", null, none, 404, "GET", "unmatched"),
        new Case("GET", "/nope", null, none, 404, "GET", "unmatched"));
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
