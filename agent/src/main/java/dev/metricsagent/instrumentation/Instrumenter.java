package dev.metricsagent.instrumentation;

import dev.metricsagent.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import net.bytebuddy.dynamic.Nexus;

/**
 * Weaves every module's advice with one plain {@link ClassFileTransformer} keyed by exact type
 * name: any other class costs one hash lookup, and the hooked classes are woven with plain ASM
 * (in {@link Weaver}), first loaded when the first hooked class is. Neither Byte Buddy's {@code
 * AgentBuilder} nor its {@code Advice} is used: building and installing the one cost about a
 * second of CPU at premain, the other 0.3-0.5 s on the app's main thread at the first weave.
 *
 * <p>A hooked class is woven without class format changes, so attach can retransform classes
 * already loaded. A failure is logged once per type and leaves the class as it was; a missing
 * required method is one warning per module (a framework version we do not support): advice that
 * matches no method is otherwise silent, and users would see no HTTP metrics without knowing why.
 */
public final class Instrumenter implements ClassFileTransformer {
  /** Hooks by internal type name ({@code spark/route/Routes}). */
  private final Map<String, List<Hook>> hooks = new HashMap<>();

  /** One "unsupported version" flag per module, shared by its hooks. */
  private final Map<Hook, AtomicBoolean> moduleWarned = new IdentityHashMap<>();

  private final ConcurrentHashMap<String, Boolean> reported = new ConcurrentHashMap<>();

  private Instrumenter(List<InstrumentationModule> modules) {
    for (InstrumentationModule m : modules) {
      AtomicBoolean warned = new AtomicBoolean();
      for (Hook h : m.hooks()) {
        hooks.computeIfAbsent(h.typeName.replace('.', '/'), k -> new ArrayList<>()).add(h);
        moduleWarned.put(h, warned);
      }
    }
  }

  /**
   * @param retransform also weave the hooked classes already loaded (attach). At premain none is
   *     loaded yet, and the JVM then registers a plain, non-retransforming transformer.
   */
  public static ClassFileTransformer install(
      Instrumentation inst, List<InstrumentationModule> modules, boolean retransform) {
    // Byte Buddy's Nexus (type initialisers for generated classes, which we never use) would
    // reach for sun.misc.Unsafe, and JDK 24+ warns about that on the host's stderr. The
    // constant is inlined (Nexus is not loaded) and relocated with Byte Buddy, so the host's own
    // Byte Buddy is unaffected.
    System.setProperty(Nexus.PROPERTY, "true");
    Instrumenter t = new Instrumenter(modules);
    // registered before the scan below: a class loaded meanwhile is woven on load, and if the
    // scan sees it too, retransformation starts again from its original bytes
    inst.addTransformer(t, retransform);
    if (retransform) {
      List<Class<?>> loaded = new ArrayList<>();
      for (Class<?> c : inst.getAllLoadedClasses()) {
        if (t.hooks.containsKey(c.getName().replace('.', '/')) && inst.isModifiableClass(c)) {
          loaded.add(c); // every copy: the framework may be loaded by several class loaders
        }
      }
      for (Class<?> c : loaded) { // one by one: one type failing must not stop the others
        try {
          inst.retransformClasses(c);
        } catch (Throwable e) {
          t.reportOnce(c.getName(), e);
        }
      }
    }
    return t;
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String internalName,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile) {
    List<Hook> typeHooks = internalName == null ? null : hooks.get(internalName);
    if (typeHooks == null) {
      return null;
    }
    String name = internalName.replace('/', '.');
    try {
      return Weaver.weave(loader, name, classFile, typeHooks, this::missing);
    } catch (Throwable e) {
      reportOnce(name, e);
      return null;
    }
  }

  private void missing(String typeName, Hook hook) {
    if (hook.required != null && moduleWarned.get(hook).compareAndSet(false, true)) {
      AgentLog.warn(
          typeName
              + " has no "
              + hook.required
              + ": this framework version is not supported, its requests are not measured"
              + " (process and JVM metrics still are)");
    }
  }

  /** Logs each type's instrumentation failure once, in one line; never rethrows. */
  private void reportOnce(String typeName, Throwable error) {
    if (reported.putIfAbsent(typeName, Boolean.TRUE) == null) {
      AgentLog.warn(
          "could not instrument "
              + typeName
              + "; requests through it are not measured, the app runs on: "
              + error);
    }
  }
}
