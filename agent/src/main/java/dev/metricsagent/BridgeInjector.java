package dev.metricsagent;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * Puts the {@code dev.metricsagent.bridge} classes on the bootstrap class path, so advice inlined
 * into classes of any class loader (also isolated ones that cannot see the agent jar) resolves
 * the same single {@code Bridge}. Everything else stays inside the agent jar.
 */
final class BridgeInjector {
  static final String BRIDGE_PACKAGE = "dev.metricsagent.bridge.";
  static final String BRIDGE_CLASS = BRIDGE_PACKAGE + "Bridge";
  // AgentClassLoader's layout; not referenced, that class belongs to the system class loader
  private static final String HIDDEN_PREFIX = "inst/";
  private static final String HIDDEN_CLASS_SUFFIX = ".classdata";

  private BridgeInjector() {}

  static void inject(Instrumentation inst) throws IOException, URISyntaxException {
    if (onBootstrap()) {
      return; // a copy of the agent was loaded before: share its bridge
    }
    Map<String, byte[]> classes = bridgeClasses();
    if (classes.isEmpty()) {
      throw new IOException("no bridge classes found in the agent jar");
    }
    if (BootLoaderDefiner.define(inst, classes)) {
      return;
    }
    // No access to Unsafe: append a jar instead. The JVM then prints a CDS warning and turns
    // off class sharing for the app's classes; correct, only slower to start.
    File dir = Files.createTempDirectory("metrics-agent-bridge").toFile();
    dir.deleteOnExit();
    ClassInjector.UsingInstrumentation.of(dir, ClassInjector.UsingInstrumentation.Target.BOOTSTRAP, inst)
        .injectRaw(classes);
    for (File f : dir.listFiles()) {
      f.deleteOnExit();
    }
  }

  static boolean onBootstrap() {
    try {
      Class.forName(BRIDGE_CLASS, false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** The bridge package's class files from wherever the agent's classes come from (jar or dir). */
  private static Map<String, byte[]> bridgeClasses() throws IOException, URISyntaxException {
    Map<String, byte[]> out = new LinkedHashMap<String, byte[]>();
    File source = new File(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String prefix = BRIDGE_PACKAGE.replace('.', '/');
    if (source.isDirectory()) {
      File[] files = new File(source, prefix).listFiles();
      for (File f : files == null ? new File[0] : files) {
        if (f.getName().endsWith(".class")) {
          out.put(BRIDGE_PACKAGE + f.getName().replace(".class", ""), Files.readAllBytes(f.toPath()));
        }
      }
      return out;
    }
    try (JarFile jar = new JarFile(source)) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        String className = bridgeClassName(e.getName(), prefix);
        if (className != null) {
          try (InputStream in = jar.getInputStream(e)) {
            out.put(className, readAll(in));
          }
        }
      }
    }
    return out;
  }

  /**
   * The bridge class an entry holds, else null. In the packaged jar the agent's classes are
   * {@code inst/<path>.classdata}, hidden from the app's class path (see AgentClassLoader).
   */
  static String bridgeClassName(String entry, String prefix) {
    String n = entry.startsWith(HIDDEN_PREFIX) ? entry.substring(HIDDEN_PREFIX.length()) : entry;
    int suffix =
        n.endsWith(HIDDEN_CLASS_SUFFIX)
            ? HIDDEN_CLASS_SUFFIX.length()
            : n.endsWith(".class") ? ".class".length() : -1;
    if (suffix < 0 || !n.startsWith(prefix) || n.indexOf('/', prefix.length()) >= 0) {
      return null;
    }
    return n.substring(0, n.length() - suffix).replace('/', '.');
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    for (int n; (n = in.read(buf)) > 0; ) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }
}
