package dev.metricsagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stack no module measures says so once, in one line, when its class loads. */
class UnmeasuredStackTest {
  private static final UnmeasuredStack VERTX =
      new UnmeasuredStack("io.vertx.core.http.impl.HttpServerImpl", "Vert.x", "vertx");

  @Test
  void itsClassLoadingSaysOnceThatItsRequestsAreNotMeasured() {
    String said = stderrOf(new Instrumenter(List.of(), CoverageListener.NONE, List.of(VERTX)));
    assertEquals(
        "[metrics-agent] Vert.x is running (io.vertx.core.http.impl.HttpServerImpl loaded): its"
            + " HTTP requests are not measured, this agent has no module for it (process and JVM"
            + " metrics are)\n",
        said);
  }

  @Test
  void theModuleThatCoversItSilencesIt() {
    InstrumentationModule vertx =
        new InstrumentationModule() {
          @Override
          public String name() {
            return "vertx";
          }

          @Override
          public List<TypeInstrumentation> types() {
            return List.of();
          }

          @Override
          public List<Reference> references() {
            return List.of();
          }
        };
    assertEquals(
        "", stderrOf(new Instrumenter(List.of(vertx), CoverageListener.NONE, List.of(VERTX))));
  }

  @Test
  void todaysListNamesStacksNoModuleCovers() {
    for (UnmeasuredStack u : Modules.unmeasured()) {
      for (InstrumentationModule m : Modules.all()) {
        for (TypeInstrumentation t : m.types()) {
          assertNotEquals(u.typeName, t.typeName(), m.name() + " hooks it: it is measured");
        }
      }
    }
  }

  /** What loading the class twice (two class loaders) writes on stderr. */
  private static String stderrOf(Instrumenter instrumenter) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < 2; i++) {
        assertNull(
            instrumenter.transform(
                null, "io/vertx/core/http/impl/HttpServerImpl", null, null, new byte[0]));
      }
    } finally {
      System.setErr(old);
    }
    return out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }
}
