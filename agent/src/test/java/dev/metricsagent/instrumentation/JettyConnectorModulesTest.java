package dev.metricsagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.instrumentation.servlet.Jetty12ConnectorModule;
import dev.metricsagent.instrumentation.servlet.JettyConnectorModule;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/**
 * The two Jetty connector modules against the real Jetty 9.4.48 and 12.1.14 core jars (class
 * files only, nothing loaded): each version is served by exactly one module, which fits it, while
 * the other stays off silently (its required type) though its references would not fit.
 */
class JettyConnectorModulesTest {
  private static final List<InstrumentationModule> MODULES =
      List.of(new JettyConnectorModule(), new Jetty12ConnectorModule());

  /** Jetty 9.4: the agent's provided dependency, on the test class path. */
  private static TypePool jetty9() throws Exception {
    return pool(
        jarOf("org.eclipse.jetty.server.HttpChannel"),
        jarOf("org.eclipse.jetty.http.MetaData"),
        jarOf("org.eclipse.jetty.util.Callback"),
        jarOf("org.eclipse.jetty.io.EndPoint"),
        jarOf("javax.servlet.http.HttpServletRequest"));
  }

  /** Jetty 12: the core jars the build copies for the jetty-12-advice compilation (agent/pom.xml). */
  private static TypePool jetty12() {
    List<File> jars = new ArrayList<>();
    for (String name : List.of("server", "http", "io", "util")) {
      File jar = new File("target/jetty-12/jetty-" + name + "-12.1.14.jar");
      assertTrue(jar.isFile(), jar + " missing: built by mvn -pl agent generate-sources");
      jars.add(jar);
    }
    return pool(jars.toArray(new File[0]));
  }

  private static File jarOf(String className) throws Exception {
    return new File(
        Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static TypePool pool(File... jars) {
    List<ClassFileLocator> locators = new ArrayList<>();
    for (File jar : jars) {
      try {
        locators.add(ClassFileLocator.ForJarFile.of(jar));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    locators.add(ClassFileLocator.ForClassLoader.ofBootLoader());
    return new TypePool.Default(
        new TypePool.CacheProvider.Simple(),
        new ClassFileLocator.Compound(locators),
        TypePool.Default.ReaderMode.FAST);
  }

  @Test
  void jetty9IsServedByTheJettyConnectorModuleOnly() throws Exception {
    ModuleFit.assertServedBy(MODULES, jetty9(), JettyConnectorModule.class);
  }

  @Test
  void jetty12IsServedByTheJetty12ConnectorModuleOnly() {
    ModuleFit.assertServedBy(MODULES, jetty12(), Jetty12ConnectorModule.class);
  }
}
