package dev.metricsagent.it;

import java.util.List;
import java.util.Set;

/**
 * The agent on the Jersey web app (test-apps/jersey-web-app) on embedded Tomcat, in Jersey's
 * idioms: a root resource at {@code @Path("/")}, templates ending in {@code /}, sub-resource
 * locators (declared types and {@code Object}; one throwing {@code NotFoundException} with an
 * entity), an exception mapper, Jersey's 405s, a servlet filter refusing TRACE in front of the
 * {@code ServletContainer} at {@code /*} (counted under the template Jersey would have matched),
 * and at {@code /web} the {@code ServletContainer} as a
 * filter with {@code forwardOn404} in front of the container's default servlet.
 */
abstract class JerseyWebAppIT extends AppCases {
  /** The Jersey line: {@code 2} (javax), {@code 3.0}, {@code 3.1}, {@code 4.0}. */
  abstract String jersey();

  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(Artifacts.jerseyWebAppJar(jersey())).args("--port", "0");
  }

  @Override
  String readyLine() {
    return "jersey-web listening on http://localhost:(\\d+)";
  }

  @Override
  List<Case> cases() {
    String item = "/items/{itemid}";
    String track = "/items/{itemid}/tracks/{num}";
    return List.of(
        get("/", 200, "/"),
        get("/about", 200, "/about"),
        get("/about/", 200, "/about"),
        get("/items/1", 200, item),
        get("/items/2/", 200, item),
        get("/items/1/tracks/2", 200, track),
        get("/items/99", 404, item), // the locator threw: the templates matched so far
        get("/items/99/tracks/2", 404, item),
        get("/albums/5", 200, "/albums/{albumid}"),
        get("/conflict", 409, "/conflict"), // the exception mapper's
        other("DELETE", "/about", 405, "/about"), // the path matched, the method did not
        other("DELETE", "/", 405, "/"),
        other("DELETE", "/items/1", 405, item),
        // refused by a filter before Jersey: the template Jersey would have matched
        other("TRACE", "/items/1", 405, item),
        other("TRACE", "/albums/5", 405, "/albums/{albumid}"), // a locator resolved at run time
        other("TRACE", "/nothing/here", 405, "unmatched"),
        get("/nothing/here", 404, "unmatched"),
        get("/items/x", 404, item), // not an int: the locator matched, its parameter did not
        get("/web/hello", 200, "/web/hello"),
        other("PUT", "/web/hello", 405, "/web/hello"),
        get("/web/hello.txt", 200, "static"), // Jersey passed it on, the default servlet served
        get("/web/missing.txt", 404, "unmatched"));
  }

  private static Case get(String path, int status, String endpoint) {
    return Case.of("GET", path, status, endpoint);
  }

  private static Case other(String method, String path, int status, String endpoint) {
    return Case.of(method, path, status, endpoint);
  }

  @Override
  Set<String> routes() {
    return Set.of(
        "GET /",
        "GET /about",
        "GET /conflict",
        "GET /items/{itemid}",
        "GET /items/{itemid}/tracks/{num}",
        "GET /albums/{albumid}", // its locator returns Object: listed when first matched
        "GET /web/hello");
  }

  /**
   * Off: Jersey's servlet is initialised at its first request unless the app sets
   * load-on-startup, and a locator's sub-resource methods are listed when a request first reaches
   * them.
   */
  @Override
  boolean routesListedAtStartUp() {
    return false;
  }
}
