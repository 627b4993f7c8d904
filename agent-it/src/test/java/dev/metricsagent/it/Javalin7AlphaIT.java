package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A Javalin version whose module is off (test-apps/javalin-7-alpha, 7.0.0-alpha.4: its members
 * differ from 7.x's): one warning says its requests are counted as {@code unmatched}, and so they
 * are, by the Jetty layer under it, each once with the status the client got, 200s and Javalin's
 * 404s alike; never under {@code /*}, the mapping of Javalin's servlet; no route is listed.
 */
class Javalin7AlphaIT extends AppCases {
  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(Artifacts.testAppJar("javalin-7-alpha"));
  }

  @Override
  String readyLine() {
    return "javalin-alpha listening on http://localhost:(\\d+)";
  }

  @Override
  List<Case> cases() {
    List<Case> c = new ArrayList<>();
    c.add(Case.of("GET", "/users/1", 200, "unmatched"));
    c.add(Case.of("GET", "/users/2", 200, "unmatched"));
    c.add(Case.of("GET", "/secret", 401, "unmatched")); // its before-handler's
    c.add(Case.of("GET", "/secret", 200, "unmatched").headers("X-Token", "t"));
    c.add(Case.of("GET", "/nothing", 404, "unmatched"));
    c.add(Case.of("DELETE", "/users/1", 404, "unmatched"));
    c.add(Case.raw("G@T /users/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n", 400, "OTHER")); // Jetty's
    return c;
  }

  @Override
  Set<String> routes() {
    return Set.of();
  }

  @Override
  @Test
  void withJavaagentTheAgentSaysOnlyItsServingLine() {
    assertOnlyTheModuleIsOff(withAgent().agentLines());
  }

  @Override
  @Test
  void attachedTheAgentReportsNoProblem() {
    assertOnlyTheModuleIsOff(bare().agentLines());
  }

  /** The one warning says what the counts show: its requests are counted as unmatched. */
  private static void assertOnlyTheModuleIsOff(List<String> lines) {
    int warnings = 0;
    for (String line : lines) {
      if (line.contains("WARNING")) {
        warnings++;
        assertTrue(line.contains("javalin module does not fit this version"), line);
        assertTrue(line.contains("counted as endpoint=\"unmatched\""), line);
      } else {
        assertTrue(line.contains("serving metrics on"), line);
      }
    }
    assertEquals(1, warnings, lines.toString());
  }
}
