package dev.metricsagent.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Dropwizard 3.0 (test-apps/dropwizard-3): Jersey 2.46 ({@code javax}) on Jetty 10, the resources
 * of {@link JerseyWebAppIT}'s root web app registered the Dropwizard way, with the same labels.
 * Dropwizard's own parts: its {@code AllowedMethodsFilter} refuses TRACE before Jersey (the
 * template Jersey would have matched, else {@code unmatched}: never the mapping of its {@code
 * JerseyServletContainer}, a subclass of Jersey's); its
 * admin servlets at {@code /admin} are named by their mappings (the tasks servlet's own 405 too);
 * Jetty's redirect of {@code /admin} to {@code /admin/} and what Jetty answers before any servlet
 * are {@code unmatched}.
 */
class Dropwizard3IT extends JerseyWebAppIT {
  @Override
  String jersey() {
    return "2";
  }

  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(Artifacts.testAppJar("dropwizard-3"));
  }

  @Override
  String readyLine() {
    return "dropwizard listening on http://localhost:(\\d+)";
  }

  @Override
  List<Case> cases() {
    List<Case> c = new ArrayList<>();
    for (Case k : super.cases()) {
      if (!k.path().startsWith("/web")) {
        c.add(k);
      }
    }
    c.add(Case.of("GET", "/admin/ping", 200, "/admin/*"));
    c.add(Case.of("GET", "/admin/tasks/gc", 405, "/admin/tasks/*")); // tasks are POSTed
    c.add(Case.of("GET", "/admin", 302, "unmatched"));
    c.addAll(jettyServerCases());
    return c;
  }

  @Override
  Set<String> routes() {
    Set<String> r = new TreeSet<>(super.routes());
    r.remove("GET /web/hello");
    r.add("ANY /admin/*");
    r.add("ANY /admin/tasks/*");
    return r;
  }
}
