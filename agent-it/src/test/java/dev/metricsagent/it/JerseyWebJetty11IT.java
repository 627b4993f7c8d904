package dev.metricsagent.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Jersey 3.0.16 on embedded Jetty 11 (test-apps/jersey-web-jetty11), as Dropwizard 4 deploys it:
 * the root web app of {@link JerseyWebAppIT} (its {@code /web} app with the default servlet is
 * Tomcat's), the same labels, and what Jetty answers before Jersey {@code unmatched}.
 */
class JerseyWebJetty11IT extends JerseyWebAppIT {
  @Override
  String jersey() {
    return "jetty11";
  }

  @Override
  List<Case> cases() {
    List<Case> c = new ArrayList<>();
    for (Case k : super.cases()) {
      if (!k.path().startsWith("/web")) {
        c.add(k);
      }
    }
    c.addAll(jettyServerCases());
    return c;
  }

  @Override
  Set<String> routes() {
    Set<String> r = new TreeSet<>(super.routes());
    r.remove("GET /web/hello");
    return r;
  }
}
