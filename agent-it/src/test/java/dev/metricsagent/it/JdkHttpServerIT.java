package dev.metricsagent.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The JDK's {@code com.sun.net.httpserver.HttpServer} (test-apps/jdk-http): {@code endpoint} is the
 * context path; a handler that throws before answering is a closed connection for the client and
 * a 500 for the agent; a path no context serves is the server's 404, {@code unmatched}.
 */
class JdkHttpServerIT extends AppCases {
  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(Artifacts.testAppJar("jdk-http")).args("--port", "0");
  }

  @Override
  String readyLine() {
    return "jdk-http listening on http://localhost:(\\d+)";
  }

  @Override
  List<Case> cases() {
    List<Case> c = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      c.add(Case.of("GET", "/hello", 200, "/hello"));
    }
    c.add(Case.of("HEAD", "/hello", 200, "/hello"));
    c.add(Case.of("FOO", "/hello", 200, "/hello").label("OTHER")); // handlers take any method
    c.add(Case.of("GET", "/items/7", 200, "/items"));
    c.add(Case.of("GET", "/items/8", 200, "/items"));
    c.add(Case.of("GET", "/items/0", 404, "/items")); // status set by the handler
    c.add(Case.of("POST", "/items/9", 200, "/items"));
    c.add(Case.of("GET", "/boom", 500, "/boom").closedByServer());
    c.add(Case.of("GET", "/secure/data", 401, "/secure")); // a filter answers
    c.add(Case.of("GET", "/secure/data", 200, "/secure").headers("X-Token", "t0ken"));
    c.add(Case.of("GET", "/late", 200, "/late")); // context created after start
    c.add(Case.of("GET", "/temp", 404, "unmatched")); // context removed at start-up
    c.add(Case.of("GET", "/does/not/exist", 404, "unmatched"));
    c.add(Case.of("GET", "/does/not/exist", 404, "unmatched"));
    return c;
  }

  @Override
  List<Case> casesAfterAttach() {
    return List.of(
        Case.of("GET", "/hello", 200, "/hello"),
        Case.of("GET", "/hello", 200, "/hello"),
        Case.of("GET", "/items/3", 200, "/items"),
        Case.of("GET", "/secure/data", 401, "/secure"),
        Case.of("GET", "/boom", 500, "/boom").closedByServer(),
        Case.of("GET", "/nope", 404, "unmatched"));
  }

  /**
   * None: the agent learns a context when the app creates it, and this app created all of its
   * contexts before the attach.
   */
  @Override
  Set<String> routesAfterAttach() {
    return Set.of();
  }

  @Override
  Set<String> routes() {
    return Set.of("ANY /hello", "ANY /items", "ANY /boom", "ANY /secure", "ANY /late");
  }
}
