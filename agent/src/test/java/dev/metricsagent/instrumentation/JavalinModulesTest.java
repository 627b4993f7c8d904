package dev.metricsagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.instrumentation.javalin.Javalin6Module;
import dev.metricsagent.instrumentation.javalin.Javalin7Module;
import java.io.File;
import java.util.List;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/**
 * The two Javalin modules against the real Javalin 6.7.0 and 7.2.3 jars (class files only,
 * nothing loaded): each version is served by exactly one module, which fits it, while the other
 * stays off silently (its required type) though its references would not fit; and every
 * Javalin or servlet member the advice bytecode uses is in its module's references.
 */
class JavalinModulesTest {
  private static final List<InstrumentationModule> MODULES =
      List.of(new Javalin6Module(), new Javalin7Module());

  /** The Javalin 6 jar the build copies for the javalin-6-advice compilation (agent/pom.xml). */
  private static File javalin6() {
    File jar = new File("target/javalin-6/javalin-6.7.0.jar");
    assertTrue(jar.isFile(), jar + " missing: built by mvn -pl agent generate-sources");
    return jar;
  }

  /** Javalin 7: the agent's provided dependency, on the test class path. */
  private static File javalin7() throws Exception {
    return jarOf("io.javalin.Javalin");
  }

  private static File jarOf(String className) throws Exception {
    return new File(
        Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static TypePool pool(File javalin) throws Exception {
    return new TypePool.Default(
        new TypePool.CacheProvider.Simple(),
        new ClassFileLocator.Compound(
            ClassFileLocator.ForJarFile.of(javalin),
            ClassFileLocator.ForJarFile.of(jarOf("jakarta.servlet.http.HttpServletRequest")),
            ClassFileLocator.ForClassLoader.ofBootLoader()),
        TypePool.Default.ReaderMode.FAST);
  }

  @Test
  void javalin6IsServedByTheJavalin6ModuleOnly() throws Exception {
    ModuleFit.assertServedBy(MODULES, pool(javalin6()), Javalin6Module.class);
  }

  @Test
  void javalin7IsServedByTheJavalin7ModuleOnly() throws Exception {
    ModuleFit.assertServedBy(MODULES, pool(javalin7()), Javalin7Module.class);
  }
}
