package dev.metricsagent.it;

import java.util.List;
import java.util.Set;

/**
 * The case table of the Spring Boot test app (test-apps/spring-boot-app), a Boot fat jar: classes
 * from nested jars through Boot's own class loader. Cases: path variables, regex variables, a
 * route's own 404 (a {@code ResponseEntity} and a {@code ResponseStatusException} with its error
 * dispatch), Spring Security's 401 before dispatch (keeps the route), an {@code
 * ExceptionHandler}'s 418, an uncaught 500, a functional route, static files, a trailing slash,
 * 405s (the route whose path matched), the container's answer to TRACE (the route Spring would
 * have matched, else unmatched; never the DispatcherServlet's {@code /}), unknown paths
 * (unmatched), HEAD, a plain servlet beside Spring MVC (its mapping), Boot's method-less
 * {@code /error} listed as {@code ANY}.
 */
abstract class SpringBootAppIT extends AppCases {
  abstract String boot();

  /** What Boot's Tomcat answers TRACE with (it never reaches Spring). */
  abstract int traceStatus();

  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(Artifacts.springBootAppJar(boot()))
        .args("--server.port=0", "--server.address=127.0.0.1");
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
    return List.of(
        Case.of("GET", "/owners/1", 200, owner),
        Case.of("GET", "/owners/2", 200, owner),
        Case.of("GET", "/owners/3", 200, owner),
        Case.of("GET", "/owners/0", 404, owner),
        Case.of("HEAD", "/owners/1", 200, owner),
        Case.of("GET", "/owners/1/pets/2", 200, pet),
        Case.of("GET", "/owners/1/pets/0", 404, pet),
        Case.of("POST", "/owners", 201, "/owners").body("ann"),
        Case.of("GET", "/items/12", 200, "/items/{id:[0-9]+}"),
        Case.of("GET", "/items/ab", 404, "unmatched"),
        Case.of("GET", "/secure/data", 401, "/secure/data"),
        Case.of("GET", "/secure/data", 200, "/secure/data").headers("X-Token", "t0ken"),
        // rejected before dispatch, and no handler would have matched
        Case.of("GET", "/secure/nothing", 401, "unmatched"),
        // a plain servlet beside the DispatcherServlet: the container's mapping names it
        Case.of("GET", "/plain/x", 200, "/plain/*"),
        Case.of("GET", "/teapot", 418, "/teapot"),
        Case.of("GET", "/boom", 500, "/boom"),
        Case.of("GET", "/trail", 200, "/trail"),
        Case.of("GET", "/trail/", 200, "/trail"),
        Case.of("GET", "/index.html", 200, "static"),
        Case.of("GET", "/style.css", 200, "static"),
        Case.of("GET", "/fn/hello/bob", 200, "/fn/hello/{name}"),
        Case.of("POST", "/fn/echo", 201, "/fn/echo").body("hi"),
        // 405: the path matched a route, the method did not: that route, the request's method
        Case.of("POST", "/owners/1/pets/2", 405, pet),
        Case.of("PUT", "/owners/1", 405, owner),
        // the container's answer to TRACE (Spring never routes it): the route Spring would have
        // matched, never the DispatcherServlet's mapping "/"
        Case.of("TRACE", "/owners", traceStatus(), "/owners"),
        Case.of("TRACE", "/does/not/exist", traceStatus(), "unmatched"),
        Case.of("GET", "/does/not/exist", 404, "unmatched"),
        Case.of("GET", "/does/not/exist", 404, "unmatched"));
  }

  /**
   * Spring's routes, and the plain servlet's mapping as the Tomcat module lists it. Not
   * DispatcherServlet's {@code /}: Spring lists its own routes, and a catch-all {@code ANY /} would
   * only repeat them.
   */
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
        "POST /fn/echo",
        "ANY /plain/*");
  }

  /**
   * Off: Spring Boot initialises its {@code DispatcherServlet}, and with it the handler mappings
   * the agent lists, at the first request.
   */
  @Override
  boolean routesListedAtStartUp() {
    return false;
  }
}
