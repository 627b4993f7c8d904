package dev.metricsagent.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The case table of the plain servlet test app, the same on every container: {@code endpoint} is
 * the servlet mapping pattern; error pages, forwards and async dispatches do not make a second
 * request; async requests end when their context completes.
 */
abstract class ServletAppCases extends AppCases {
  @Override
  String readyLine() {
    return "servlet-\\w+ listening on http://localhost:(\\d+)";
  }

  /**
   * Jetty's error pages name the servlet by class and identity hash, and Jetty 12's show the full
   * URI and the exception's stack, whose lower frames depend on which of Jetty's threads ran the
   * request: all differ between the two JVMs.
   */
  @Override
  String normaliseBody(String body) {
    return body.replaceAll("(Servlet[$\\w]*)-[0-9a-f]{1,8}<", "$1-<hash><")
        .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:<port>")
        .replaceAll("(?m)^\\s*at [\\w$./<>]+\\([^)]*\\)\\s*\\n", "");
  }

  @Override
  List<Case> cases() {
    List<Case> c = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      c.add(Case.of("GET", "/hello", 200, "/hello"));
    }
    c.add(Case.of("HEAD", "/hello", 200, "/hello"));
    c.add(Case.of("POST", "/hello", 405, "/hello")); // HttpServlet's own answer
    c.add(Case.of("FOO", "/hello", 501, "/hello").label("OTHER"));
    c.add(Case.of("GET", "/items/7", 200, "/items/*"));
    c.add(Case.of("GET", "/items/8", 200, "/items/*"));
    c.add(Case.of("GET", "/items/0", 404, "/items/*")); // status set by the servlet
    c.add(Case.of("PUT", "/items/7", 200, "/items/*"));
    c.add(Case.of("DELETE", "/items/7", 200, "/items/*"));
    c.add(Case.of("GET", "/boom", 500, "/boom")); // exception escaping the servlet
    c.add(Case.of("GET", "/secure/data", 401, "/secure/*")); // a filter's sendError
    c.add(Case.of("GET", "/secure/data", 200, "/secure/*").headers("X-Token", "t0ken"));
    c.add(Case.of("GET", "/teapot", 418, "/teapot")); // sendError rendered by the error page
    c.add(Case.of("GET", "/forward", 200, "/forward"));
    c.add(Case.of("GET", "/async", 200, "/async"));
    c.add(Case.of("GET", "/async", 200, "/async"));
    c.add(Case.of("GET", "/async-dispatch", 200, "/async-dispatch"));
    c.add(Case.of("GET", "/a/b.do", 200, "*.do"));
    c.add(Case.of("GET", "/c.do", 200, "*.do"));
    c.add(Case.of("GET", "/does/not/exist", 404, "unmatched"));
    c.add(Case.of("GET", "/does/not/exist", 404, "unmatched"));
    c.addAll(serverCases());
    return c;
  }

  /** The container's own answers, before any servlet, and what they need; none by default. */
  List<Case> serverCases() {
    return List.of();
  }

  /** Tomcat's: the context root without its slash (a redirect), a URI it cannot normalise. */
  static List<Case> tomcatServerCases() {
    return List.of(
        Case.of("GET", "/app", 302, "unmatched"),
        Case.of("GET", "/app", 302, "unmatched"),
        Case.of("GET", "/app/hi", 200, "/app/hi"),
        Case.of("GET", "/%2e%2e/etc", 400, "unmatched"));
  }

  @Override
  List<Case> casesAfterAttach() {
    List<Case> c = new ArrayList<>(serverCases().stream().limit(1).toList());
    c.addAll(afterAttach());
    return c;
  }

  private static List<Case> afterAttach() {
    return List.of(
        Case.of("GET", "/hello", 200, "/hello"),
        Case.of("GET", "/hello", 200, "/hello"),
        Case.of("GET", "/items/3", 200, "/items/*"),
        Case.of("GET", "/secure/data", 401, "/secure/*"),
        Case.of("GET", "/teapot", 418, "/teapot"),
        Case.of("GET", "/async", 200, "/async"),
        Case.of("GET", "/nope", 404, "unmatched"));
  }

  /**
   * Not those of {@link #serverRoutes()}: after attach that web app gets no request (its root's
   * redirect is the server's, before any web app), so its routes are not listed yet.
   */
  @Override
  Set<String> routesAfterAttach() {
    Set<String> all = new TreeSet<>(routes());
    all.removeAll(serverRoutes());
    return all;
  }

  /** The routes ({@code "ANY pattern"}) of the web apps {@link #serverCases()} reach; none by default. */
  Set<String> serverRoutes() {
    return Set.of();
  }

  @Override
  Set<String> routes() {
    Set<String> all =
        new TreeSet<>(
            Set.of(
                "ANY /hello", "ANY /items/*", "ANY /boom", "ANY /secure/*", "ANY /teapot",
                "ANY /error", "ANY /forward", "ANY /async", "ANY /async-dispatch", "ANY *.do"));
    all.addAll(serverRoutes());
    return all;
  }

  /**
   * Off: a container's servlet mappings are listed when its request path first consults them
   * (Tomcat's mapper, Jetty's servlet handler), not when the container starts.
   */
  @Override
  boolean routesListedAtStartUp() {
    return false;
  }
}
