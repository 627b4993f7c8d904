package dev.metricsagent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Defines classes directly in the boot class loader through the JDK's {@code Unsafe}, opened to
 * the agent with {@link Instrumentation#redefineModule} on Java 9+. Unlike appending a jar to the
 * boot search path this leaves class data sharing on and prints nothing on the host's stdout,
 * and it is far cheaper at start-up than generating an accessor. Reflection only: the agent
 * compiles for Java 8.
 */
final class BootLoaderDefiner {
  private BootLoaderDefiner() {}

  /** Returns false when this JVM offers no such access; the caller then falls back. */
  static boolean define(Instrumentation inst, Map<String, byte[]> classes) {
    Object unsafe;
    Method defineClass;
    try {
      Class<?> unsafeType;
      try {
        unsafeType = Class.forName("jdk.internal.misc.Unsafe");
        openToAgent(inst, unsafeType);
      } catch (ClassNotFoundException java8) {
        unsafeType = Class.forName("sun.misc.Unsafe");
      }
      Field f = unsafeType.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      unsafe = f.get(null);
      defineClass =
          unsafeType.getMethod(
              "defineClass",
              String.class,
              byte[].class,
              int.class,
              int.class,
              ClassLoader.class,
              ProtectionDomain.class);
    } catch (Throwable t) {
      return false;
    }
    // Supertypes first is not needed: the bridge's classes only extend JDK types, and their
    // references to each other resolve lazily against the boot loader's dictionary.
    for (Map.Entry<String, byte[]> e : classes.entrySet()) {
      byte[] b = e.getValue();
      try {
        defineClass.invoke(unsafe, e.getKey(), b, 0, b.length, null, null);
      } catch (Throwable t) {
        return false;
      }
    }
    return true;
  }

  /** {@code redefineModule(java.base, opens jdk.internal.misc to the agent's module)}. */
  private static void openToAgent(Instrumentation inst, Class<?> unsafeType) throws Exception {
    Method getModule = Class.class.getMethod("getModule");
    Object javaBase = getModule.invoke(unsafeType);
    Object agentModule = getModule.invoke(BootLoaderDefiner.class);
    Class<?> moduleType = Class.forName("java.lang.Module");
    Map<String, Set<Object>> opens = new HashMap<String, Set<Object>>();
    opens.put("jdk.internal.misc", Collections.singleton(agentModule));
    Method redefine =
        Instrumentation.class.getMethod(
            "redefineModule", moduleType, Set.class, Map.class, Map.class, Set.class, Map.class);
    redefine.invoke(
        inst,
        javaBase,
        Collections.emptySet(),
        Collections.emptyMap(),
        opens,
        Collections.emptySet(),
        Collections.emptyMap());
  }
}
