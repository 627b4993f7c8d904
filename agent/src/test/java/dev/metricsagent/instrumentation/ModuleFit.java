package dev.metricsagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import net.bytebuddy.pool.TypePool;

/** Which of a framework's version-line modules serves a version's jars (read as class files). */
final class ModuleFit {
  private ModuleFit() {}

  /**
   * Exactly {@code expected} applies, and fits; every other module stays off silently (its
   * required type) though its references would not fit.
   */
  static void assertServedBy(
      List<InstrumentationModule> modules, TypePool pool, Class<?> expected) {
    for (InstrumentationModule m : modules) {
      boolean serves = ReferenceCheck.applies(m, pool);
      assertEquals(expected == m.getClass(), serves, m.getClass().getSimpleName() + " applies");
      if (serves) {
        assertNull(ReferenceCheck.firstMismatch(m, pool), m.getClass().getSimpleName());
      } else {
        assertNotNull(ReferenceCheck.firstMismatch(m, pool), m.getClass().getSimpleName());
      }
    }
  }
}
