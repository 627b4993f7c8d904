package dev.metricsagent.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The agent on the Spring Boot test app (test-apps/spring-boot-app), a Boot fat jar: classes
 * from nested jars through Boot's own class loader. Cases: path variables, regex variables, a
 * route's own 404 (a {@code ResponseEntity} and a {@code ResponseStatusException} with its error
 * dispatch), Spring Security's 401 before dispatch (keeps the route), an {@code
 * ExceptionHandler}'s 418, an uncaught 500, a functional route, static files, a trailing slash,
 * 405s (the route whose path matched), the container's answer to TRACE (the route Spring would
 * have matched, else unmatched; never the DispatcherServlet's {@code /}), unknown paths
 * (unmatched), HEAD, a plain servlet beside Spring MVC (its mapping), Boot's method-less
 * {@code /error} listed as {@code ANY}.
 */
abstract class SpringBootAppIT extends FrameworkAppIT {
  abstract String boot();

  /** What Boot's Tomcat answers TRACE with (it never reaches Spring). */
  abstract int traceStatus();

  @Override
  Path appJar() {
    return Artifacts.springBootAppJar(boot());
  }

  @Override
  List<String> appArgs() {
    return List.of("--server.port=0", "--server.address=127.0.0.1");
  }

  @Override
  String readyLine() {
    return "spring-boot-app listening on http://localhost:(\\d+)";
  }

  /** Boot's error answers carry the time. */
  @Override
  String normaliseBody(String body) {
    return body.replaceAll("\"timestamp\":\"[^\"]*\"", "\"timestamp\":\"T\"");
  }

  @Override
  List<Case> cases() {
    String owner = "/owners/{ownerId}";
    String pet = "/owners/{ownerId}/pets/{petId}";
    List<String> none = List.of();
    return List.of(
        new Case("GET", "/owners/1", null, none, 200, "GET", owner),
        new Case("GET", "/owners/2", null, none, 200, "GET", owner),
        new Case("GET", "/owners/3", null, none, 200, "GET", owner),
        new Case("GET", "/owners/0", null, none, 404, "GET", owner),
        new Case("HEAD", "/owners/1", null, none, 200, "HEAD", owner),
        new Case("GET", "/owners/1/pets/2", null, none, 200, "GET", pet),
        new Case("GET", "/owners/1/pets/0", null, none, 404, "GET", pet),
        new Case("POST", "/owners", "ann", List.of("Content-Type", "text/plain"), 201, "POST",
            "/owners"),
        new Case("GET", "/items/12", null, none, 200, "GET", "/items/{id:[0-9]+}"),
        new Case("GET", "/items/ab", null, none, 404, "GET", "unmatched"),
        new Case("GET", "/secure/data", null, none, 401, "GET", "/secure/data"),
        new Case("GET", "/secure/data", null, List.of("X-Token", "t0ken"), 200, "GET",
            "/secure/data"),
        // rejected before dispatch, and no handler would have matched
        new Case("GET", "/secure/nothing", null, none, 401, "GET", "unmatched"),
        // a plain servlet beside the DispatcherServlet: the container's mapping names it
        new Case("GET", "/plain/x", null, none, 200, "GET", "/plain/*"),
        new Case("GET", "/teapot", null, none, 418, "GET", "/teapot"),
        new Case("GET", "/boom", null, none, 500, "GET", "/boom"),
        new Case("GET", "/trail", null, none, 200, "GET", "/trail"),
        new Case("GET", "/trail/", null, none, 200, "GET", "/trail"),
        new Case("GET", "/index.html", null, none, 200, "GET", "static"),
        new Case("GET", "/style.css", null, none, 200, "GET", "static"),
        new Case("GET", "/fn/hello/bob", null, none, 200, "GET", "/fn/hello/{name}"),
        new Case("POST", "/fn/echo", "hi", List.of("Content-Type", "text/plain"), 201, "POST",
            "/fn/echo"),
        // 405: the path matched a route, the method did not: that route, the request's method
        new Case("POST", "/owners/1/pets/2", null, none, 405, "POST", pet),
        new Case("PUT", "/owners/1", null, none, 405, "PUT", owner),
        // the container's answer to TRACE (Spring never routes it): the route Spring would have
        // matched, never the DispatcherServlet's mapping "/"
        new Case("TRACE", "/owners", null, none, traceStatus(), "TRACE", "/owners"),
        new Case("TRACE", "/does/not/exist", null, none, traceStatus(), "TRACE", "unmatched"),
        new Case("GET", "/does/not/exist", null, none, 404, "GET", "unmatched"),
        new Case("GET", "/does/not/exist", null, none, 404, "GET", "unmatched"));
  }

  /**
   * The plain servlet's mapping, as the Tomcat module lists it. Not DispatcherServlet's {@code /}:
   * Spring lists its own routes, and a catch-all {@code ANY /} would only repeat them.
   */
  @Override
  Set<String> containerRoutes() {
    return Set.of("ANY /plain/*");
  }

  @Override
  Set<String> routes() {
    return Set.of(
        "ANY /error", // Boot's BasicErrorController: no method condition
        "GET /health",
        "GET /owners/{ownerId}",
        "DELETE /owners/{ownerId}",
        "GET /owners/{ownerId}/pets/{petId}",
        "POST /owners",
        "GET /items/{id:[0-9]+}",
        "GET /secure/data",
        "GET /teapot",
        "GET /boom",
        "GET /trail",
        "GET /fn/hello/{name}",
        "POST /fn/echo");
  }
}
