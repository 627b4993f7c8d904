package dev.metricsagent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The private loader on a jar laid out as the packaging does: inst/...classdata. */
class AgentClassLoaderTest {
  private static final String CLASS = "dev.metricsagent.core.Endpoints";
  private static final String FILE = "dev/metricsagent/core/Endpoints.class";

  @TempDir Path dir;

  private AgentClassLoader loader() throws IOException {
    Path jar = dir.resolve("agent.jar");
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "9.9");
    try (OutputStream f = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(f, m)) {
      put(out, "inst/" + FILE.replace(".class", ".classdata"), classBytes(FILE));
      put(out, "inst/dev/metricsagent/bridge/AgentClaim.classdata", classBytes("dev/metricsagent/bridge/AgentClaim.class"));
      put(out, "inst/META-INF/licenses/X", new byte[] {'x'});
    }
    return new AgentClassLoader(jar.toFile(), AgentClassLoader.jdkOnlyParent());
  }

  @Test
  void parentIsThePlatformLoaderFoundWithoutReflection() {
    assertSame(ClassLoader.getPlatformClassLoader(), AgentClassLoader.jdkOnlyParent());
  }

  @Test
  void definesHiddenClassesWithTheJarAsCodeSourceAndTheManifestVersion() throws Exception {
    AgentClassLoader loader = loader();
    Class<?> c = loader.loadClass(CLASS);
    assertSame(loader, c.getClassLoader(), "its own copy, not the test class path's");
    assertEquals(
        dir.resolve("agent.jar").toUri().toURL(), c.getProtectionDomain().getCodeSource().getLocation());
    assertEquals("9.9", c.getPackage().getImplementationVersion());
    assertSame(c, loader.loadClass(CLASS));
  }

  @Test
  void servesClassFilesAndResourcesUnderTheirOwnNames() throws Exception {
    AgentClassLoader loader = loader();
    try (InputStream in = loader.getResourceAsStream(FILE)) {
      assertArrayEquals(classBytes(FILE), in.readAllBytes());
    }
    try (InputStream in = loader.getResource(FILE).openStream()) {
      assertArrayEquals(classBytes(FILE), in.readAllBytes());
    }
    assertNotNull(loader.getResource("META-INF/licenses/X"));
    assertEquals(1, java.util.Collections.list(loader.getResources("META-INF/licenses/X")).size());
    assertNull(loader.getResource("dev/metricsagent/core/Nothing.class"));
  }

  @Test
  void seesTheJdkButNotTheAppNorItsOwnBridgeCopy() throws Exception {
    AgentClassLoader loader = loader();
    assertSame(String.class, loader.loadClass("java.lang.String"));
    assertNotNull(loader.loadClass("com.sun.net.httpserver.HttpServer"), "jdk.httpserver");
    assertNotNull(loader.loadClass("java.lang.management.ManagementFactory"));
    // the test class path plays the app
    assertThrows(ClassNotFoundException.class, () -> loader.loadClass(Test.class.getName()));
    assertThrows(ClassNotFoundException.class, () -> loader.loadClass(AgentLauncher.class.getName()));
    // only ever the boot loader's: a copy here would be a second, unconnected bridge
    assertThrows(ClassNotFoundException.class, () -> loader.loadClass("dev.metricsagent.bridge.AgentClaim"));
  }

  private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(bytes);
    out.closeEntry();
  }

  private static byte[] classBytes(String file) throws IOException {
    try (InputStream in = AgentClassLoaderTest.class.getClassLoader().getResourceAsStream(file)) {
      return in.readAllBytes();
    }
  }
}
