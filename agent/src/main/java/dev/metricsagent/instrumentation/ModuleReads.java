package dev.metricsagent.instrumentation;

import dev.metricsagent.AgentLog;
import dev.metricsagent.bridge.Requests;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Read edges from named JDK modules to the bridge. Advice inlined into a class of a named module
 * ({@code jdk.httpserver}'s {@code sun.net.httpserver.ServerImpl}) calls the bridge ({@link Requests}), which
 * lives in the boot loader's unnamed module; a named module reads no unnamed module unless told
 * to, and the first call would throw {@code IllegalAccessError}. The edge changes what that JDK
 * module may read, nothing the app can observe. Reflection: the agent is Java 8 bytecode.
 */
final class ModuleReads {
  private ModuleReads() {}

  /** Lets the named boot-layer module read the bridge's module; nothing before Java 9. */
  static void letReadBridge(Instrumentation inst, String moduleName) {
    Class<?> layerType;
    try {
      layerType = Class.forName("java.lang.ModuleLayer");
    } catch (ClassNotFoundException java8) {
      return;
    }
    try {
      Object bootLayer = layerType.getMethod("boot").invoke(null);
      Method findModule = layerType.getMethod("findModule", String.class);
      Object module = ((Optional<?>) findModule.invoke(bootLayer, moduleName)).orElse(null);
      if (module == null) {
        return; // a JDK without the module (jlink'ed): nothing of it to weave either
      }
      Object bridge = Class.class.getMethod("getModule").invoke(Requests.class);
      Class<?> moduleType = Class.forName("java.lang.Module");
      if ((Boolean) moduleType.getMethod("canRead", moduleType).invoke(module, bridge)) {
        return;
      }
      Method redefine =
          Instrumentation.class.getMethod(
              "redefineModule", moduleType, Set.class, Map.class, Map.class, Set.class, Map.class);
      redefine.invoke(
          inst,
          module,
          Collections.singleton(bridge),
          Collections.emptyMap(),
          Collections.emptyMap(),
          Collections.emptySet(),
          Collections.emptyMap());
    } catch (Throwable e) {
      AgentLog.warn(
          "could not let "
              + moduleName
              + " read the agent's bridge; its requests are not measured: "
              + e);
    }
  }
}
