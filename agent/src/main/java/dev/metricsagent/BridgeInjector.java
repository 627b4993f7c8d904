package dev.metricsagent;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * Puts the {@code dev.metricsagent.bridge} classes on the bootstrap class path, so advice inlined
 * into classes of any class loader (also isolated ones that cannot see the agent jar) resolves
 * the same single bridge. Everything else stays inside the agent jar.
 */
final class BridgeInjector {
  static final String BRIDGE_PACKAGE = "dev.metricsagent.bridge.";
  /** The bridge class a copy of the agent loaded before has put on the bootstrap class path. */
  static final String BRIDGE_CLASS = BRIDGE_PACKAGE + "AgentClaim";

  private BridgeInjector() {}

  static void inject(Instrumentation inst) throws IOException {
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

  /**
   * The bridge package, by name: reading these few entries directly costs nothing, where walking
   * the jar's 4,000 entries to find them took ~20 ms of the app's start-up. BridgeInjectorTest
   * keeps the list equal to the package.
   */
  static final String[] BRIDGE_CLASSES = {
    "AgentClaim", "AsyncHandOff", "AsyncHandOff$1", "AsyncRequest", "AsyncRequest$1",
    "CompletedRequest", "ConnectionReader", "ContainerServlets", "ContextLocals",
    "ContextLocals$1", "ContextLocals$2", "EndHandlers", "EndHandlers$1",
    "HttpRecorder", "JoinedRoutes", "JoinedRoutes$Entry", "ReactiveRequests", "RecorderFailure",
    "Recorders", "RefusedMethods",
    "RequestState", "Requests", "Requests$1", "RouteEvents", "RouteFinder", "RouteLister",
    "RouterMounts",
    "RouteTables", "ServletPatterns", "ServletPatterns$Entry", "Settings", "SizeReader",
    "TemplateJoins", "WeakIdentitySet",
  };

  /** The bridge class files, through the agent's own loader (hidden jar layout or a directory). */
  private static Map<String, byte[]> bridgeClasses() throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<String, byte[]>();
    ClassLoader agentLoader = BridgeInjector.class.getClassLoader();
    for (String simpleName : BRIDGE_CLASSES) {
      String className = BRIDGE_PACKAGE + simpleName;
      InputStream in = agentLoader.getResourceAsStream(className.replace('.', '/') + ".class");
      if (in == null) {
        throw new IOException("bridge class " + className + " is missing from the agent jar");
      }
      try {
        out.put(className, readAll(in));
      } finally {
        in.close();
      }
    }
    return out;
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
