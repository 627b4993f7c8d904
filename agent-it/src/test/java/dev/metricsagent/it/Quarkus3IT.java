package dev.metricsagent.it;

import java.util.List;
import java.util.Set;

/**
 * The Quarkus 3.33.2 test app (test-apps/quarkus-3), a fast-jar ({@code quarkus-run.jar}) in JVM
 * mode: Quarkus REST resources on Vert.x Web, counted once (by the Vert.x module) and named by the
 * resource method RESTEasy chose ({@code /items/{id}}, a locator's {@code
 * /albums/{albumId}/tracks/{num}}), also when a request filter refuses it (401), the method throws
 * a {@code NotFoundException} (404) or an {@code ExceptionMapper} answers (400), or RESTEasy
 * answers 405 (the method whose path matched); a reactive route
 * is its Vert.x route; a path no resource matches is {@code unmatched}.
 */
class Quarkus3IT extends AppCases {
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
        Case.of("GET", "/does/not/exist", 404, "unmatched"));
  }

  /** The Vert.x routes of Quarkus's router: the reactive route, and Quarkus's own {@code /}. */
  @Override
  Set<String> routes() {
    return Set.of("GET /rr/ping", "ANY /");
  }
}
