package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The case table of the Javalin fixture ({@code test-apps/javalin-app}) on one Javalin version;
 * answers are compared with their headers too.
 *
 * <p>Label rules checked here: {@code endpoint} is the handler path as the app wrote it ({@code
 * /users/{id}}, {@code /files/<path>}, with the {@code path(...)} prefix, after the app's context
 * path if it has one, in the listed routes too), also for a request a before-handler rejected
 * when its path matches a route, for HEAD answered from a GET route and for Javalin's 405 (a
 * wrong method on a route's path, with {@code http.prefer405over404});
 * {@code static} for Javalin's static files, {@code unmatched} for its own 404; {@code method} is
 * the routed method or {@code OTHER}; what Jetty answers before Javalin is {@code unmatched}.
 */
abstract class JavalinAppCases extends AppCases {
  private final int major;

  /** The app's {@code config.router.contextPath} ({@code ""}: the root), before every path. */
  private final String contextPath;

  JavalinAppCases(int major, String contextPath) {
    this.major = major;
    this.contextPath = contextPath;
  }

  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(Artifacts.javalinAppJar(major))
        .args("--port", "0", "--context-path", contextPath.isEmpty() ? "/" : contextPath);
  }

  /** The cases under the context path: their paths, and their endpoints that are templates. */
  private List<Case> underContextPath(List<Case> cases) {
    List<Case> out = new ArrayList<>();
    for (Case c : cases) {
      if (c.raw() != null) {
        out.add(c); // what Jetty answers itself, before any context
        continue;
      }
      String endpoint = c.endpoint().startsWith("/") ? contextPath + c.endpoint() : c.endpoint();
      out.add(
          new Case(c.method(), contextPath + c.path(), c.body(), c.headers(), c.status(),
              c.labelMethod(), endpoint, c.closed(), null, c.leaveAfter()));
    }
    return out;
  }

  @Override
  String readyLine() {
    return "javalin fixture listening on http://localhost:(\\d+)";
  }

  @Override
  boolean compareHeaders() {
    return true;
  }

  @Override
  List<String> rawFragments() {
    return List.of("a/b.txt", "/does/not");
  }

  @Override
  List<Case> cases() {
    return underContextPath(casesAtTheRoot());
  }

  private List<Case> casesAtTheRoot() {
    List<Case> c = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      c.add(Case.of("GET", "/hello", 200, "/hello"));
    }
    c.add(Case.of("GET", "/users/1", 200, "/users/{id}"));
    c.add(Case.of("GET", "/users/2", 200, "/users/{id}"));
    c.add(Case.of("GET", "/users/0", 404, "/users/{id}")); // the handler sets 404
    c.add(Case.of("POST", "/users", 201, "/users")); // inside path("/users", ...)
    c.add(Case.of("DELETE", "/users/7", 204, "/users/{id}"));
    // Javalin routes by the override header: DELETE /users/{id}
    c.add(
        Case.of("POST", "/users/1", 204, "/users/{id}")
            .label("DELETE")
            .headers("X-HTTP-Method-Override", "DELETE"));
    c.add(Case.of("GET", "/files/a/b.txt", 200, "/files/<path>"));
    c.add(Case.of("GET", "/files/readme", 200, "/files/<path>"));
    // the before-handler throws UnauthorizedResponse before the route runs: the route it stood
    // in front of is kept; where no route matches, unmatched
    c.add(Case.of("GET", "/secure/x", 401, "/secure/{item}"));
    c.add(Case.of("GET", "/secure/x", 200, "/secure/{item}").headers("X-Token", "t0ken"));
    c.add(Case.of("GET", "/secure/a/b", 401, "unmatched"));
    c.add(Case.of("GET", "/boom", 500, "/boom")); // unmapped: Javalin's 500
    c.add(Case.of("GET", "/teapot", 418, "/teapot")); // exception(...) mapper
    c.add(Case.of("GET", "/async", 200, "/async")); // ctx.future, completed on another thread
    c.add(Case.of("GET", "/async", 200, "/async"));
    c.add(Case.of("GET", "/async-teapot", 418, "/async-teapot")); // the future fails: mapped
    c.add(Case.of("GET", "/index.html", 200, "static")); // Javalin's static files
    c.add(Case.of("GET", "/style.css", 200, "static"));
    c.add(Case.of("HEAD", "/index.html", 200, "static"));
    c.add(Case.of("GET", "/nope", 404, "unmatched")); // Javalin's own 404
    c.add(Case.of("GET", "/does/not/exist", 404, "unmatched"));
    // Javalin answers HEAD from the GET route without running it: the label keeps HEAD
    c.add(Case.of("HEAD", "/hello", 200, "/hello"));
    c.add(Case.of("HEAD", "/users/1", 200, "/users/{id}"));
    c.add(Case.of("HEAD", "/nope", 404, "unmatched"));
    c.add(Case.of("FOO", "/hello", 405, "/hello").label("OTHER")); // no method of Javalin's: 405
    // prefer405over404: a path with routes of other methods only is Javalin's 405, counted under
    // the route whose path matched, with the request's method
    c.add(Case.of("PUT", "/users/7", 405, "/users/{id}"));
    c.add(Case.of("DELETE", "/hello", 405, "/hello"));
    c.add(Case.of("PATCH", "/files/a/b.txt", 405, "/files/<path>"));
    c.addAll(jettyServerCases()); // Jetty 11 under 6, 12 under 7
    return c;
  }

  /** Routes registered before the attach are listed; async and rejected requests counted. */
  @Override
  List<Case> casesAfterAttach() {
    return underContextPath(List.of(
        Case.of("GET", "/hello", 200, "/hello"),
        Case.of("GET", "/hello", 200, "/hello"),
        Case.of("GET", "/users/5", 200, "/users/{id}"),
        Case.of("GET", "/secure/y", 401, "/secure/{item}"),
        Case.of("GET", "/async", 200, "/async"),
        Case.of("GET", "/style.css", 200, "static"),
        Case.of("GET", "/nope", 404, "unmatched"),
        Case.of("PUT", "/users/7", 405, "/users/{id}"),
        jettyServerCases().get(0)));
  }

  /** The app's routes, listed under its context path as its requests' endpoints have it. */
  @Override
  Set<String> routes() {
    Set<String> routes = new TreeSet<>();
    for (String route : routesAtTheRoot()) {
      routes.add(route.replace(" /", " " + contextPath + "/"));
    }
    return routes;
  }

  private static Set<String> routesAtTheRoot() {
    return Set.of(
        "GET /hello",
        "POST /users",
        "GET /users/{id}",
        "DELETE /users/{id}",
        "GET /files/<path>",
        "GET /secure/{item}",
        "GET /boom",
        "GET /teapot",
        "GET /async",
        "GET /async-teapot",
        "GET /slow");
  }

  /**
   * An async request ends when its future completes (the fixture's sleeps 50 ms on another
   * thread), not when Javalin's servlet returns: its duration includes the wait.
   */
  @Test
  void asyncRequestsAreTimedToTheirCompletion() {
    Double sum =
        agentScrape()
            .value(DURATION + "_sum", "method", "GET", "endpoint", contextPath + "/async");
    assertTrue(sum != null && sum >= 2 * 0.050, "2 x /async took " + sum + " s");
  }
}
