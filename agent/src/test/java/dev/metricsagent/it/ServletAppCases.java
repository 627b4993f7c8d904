package dev.metricsagent.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The case table of the plain servlet test app, the same on every container. */
abstract class ServletAppCases extends StackAppCases {
  ServletAppCases(String appName) {
    super(appName, Artifacts.testAppJar(appName));
  }

  ServletAppCases(String appName, java.util.function.UnaryOperator<ChildJvm.Builder> launch) {
    super(appName, launch);
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
    List<Case> c = new ArrayList<>(serverCases().isEmpty() ? List.of() : List.of(serverCases().get(0)));
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

  /** The routes of the web apps {@link #serverCases()} reach; none by default. */
  Set<String> serverRoutes() {
    return Set.of();
  }

  @Override
  Set<String> routeEndpoints() {
    Set<String> all =
        new java.util.TreeSet<>(
            Set.of(
                "/hello", "/items/*", "/boom", "/secure/*", "/teapot", "/error", "/forward",
                "/async", "/async-dispatch", "*.do"));
    all.addAll(serverRoutes());
    return all;
  }
}
