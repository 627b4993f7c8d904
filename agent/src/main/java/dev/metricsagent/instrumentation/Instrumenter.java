package dev.metricsagent.instrumentation;

import dev.metricsagent.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.pool.TypePool;

/**
 * The agent's one {@link ClassFileTransformer}: finds a class's advice by its exact name (any
 * other class costs one hash lookup, and Byte Buddy is not used for it), checks once per class
 * loader that the module fits the framework there ({@link ReferenceCheck}), then has {@link
 * AdviceWeaver} inline the advice. Byte Buddy's {@code AgentBuilder} is not used: its matchers
 * describe every loaded class, which cost about a second of CPU at start-up.
 *
 * <p>A failed weave leaves the class as it was ({@link WeaveErrors}); a module that does not fit
 * is one warning and stays off in that loader.
 */
public final class Instrumenter implements ClassFileTransformer {
  private static final Map<TypeInstrumentation, TypeAdvice> ADVICE = new ConcurrentHashMap<>();

  /** Per internal type name ({@code spark/route/Routes}): the modules and their instrumentation. */
  private final Map<String, List<Hooked>> byType = new HashMap<>();

  /** Each module's types, made once: their advice is kept per instance ({@link #adviceOf}). */
  private final Map<InstrumentationModule, List<TypeInstrumentation>> typesOf = new HashMap<>();

  /** Per class loader (null key: boot), per module: whether it fits. */
  private final Map<ClassLoader, Map<InstrumentationModule, Boolean>> fits = new WeakHashMap<>();

  private final Map<InstrumentationModule, Boolean> bootFits = new HashMap<>();
  private final Map<InstrumentationModule, Boolean> warned = new ConcurrentHashMap<>();
  private final Set<String> saidUnmeasured = ConcurrentHashMap.newKeySet();
  private final CoverageListener coverage;

  Instrumenter(List<InstrumentationModule> modules) {
    this(modules, CoverageListener.NONE);
  }

  Instrumenter(List<InstrumentationModule> modules, CoverageListener coverage) {
    this(modules, coverage, Modules.unmeasured());
  }

  Instrumenter(
      List<InstrumentationModule> modules,
      CoverageListener coverage,
      List<UnmeasuredStack> unmeasured) {
    this.coverage = coverage;
    Set<String> names = new HashSet<>();
    for (InstrumentationModule m : modules) {
      names.add(m.name());
      List<TypeInstrumentation> types = m.types();
      typesOf.put(m, types);
      for (TypeInstrumentation t : types) {
        byType
            .computeIfAbsent(t.typeName().replace('.', '/'), k -> new ArrayList<>())
            .add(new Hooked(m, t));
      }
    }
    for (UnmeasuredStack u : unmeasured) { // in the same map: other classes still cost one lookup
      if (!names.contains(u.coveredBy)) {
        byType
            .computeIfAbsent(u.typeName.replace('.', '/'), k -> new ArrayList<>())
            .add(new Hooked(u));
      }
    }
  }

  /**
   * @param retransform also weave the hooked classes already loaded (attach). At premain none is
   *     loaded yet, and the JVM then registers a plain, non-retransforming transformer.
   */
  public static ClassFileTransformer install(
      Instrumentation inst, List<InstrumentationModule> modules, boolean retransform) {
    return install(inst, modules, retransform, CoverageListener.NONE);
  }

  /** As {@link #install(Instrumentation, List, boolean)}, telling {@code coverage} each verdict. */
  public static ClassFileTransformer install(
      Instrumentation inst,
      List<InstrumentationModule> modules,
      boolean retransform,
      CoverageListener coverage) {
    Instrumenter t = new Instrumenter(modules, coverage);
    for (InstrumentationModule m : modules) { // advice in JDK modules must see the bridge
      if (m.jdkModule() != null) {
        ModuleReads.letReadBridge(inst, m.jdkModule());
      }
    }
    // registered before the scan below: a class loaded meanwhile is woven on load, and if the
    // scan sees it too, retransformation starts again from its original bytes
    inst.addTransformer(t, retransform);
    if (retransform) {
      List<Class<?>> loaded = new ArrayList<>();
      for (Class<?> c : inst.getAllLoadedClasses()) {
        if (t.byType.containsKey(c.getName().replace('.', '/')) && inst.isModifiableClass(c)) {
          loaded.add(c); // every copy: the framework may be loaded by several class loaders
        }
      }
      for (Class<?> c : loaded) { // one by one: one type failing must not stop the others
        try {
          inst.retransformClasses(c);
        } catch (Throwable e) {
          WeaveErrors.report(c.getName(), e);
        }
      }
    }
    return t;
  }

  /** The advice of a type instrumentation, asked for once. */
  static TypeAdvice adviceOf(TypeInstrumentation t) {
    TypeAdvice a = ADVICE.get(t);
    if (a == null) {
      a = new TypeAdvice();
      t.advise(a);
      ADVICE.put(t, a);
    }
    return a;
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String internalName,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile) {
    List<Hooked> hooked = internalName == null ? null : byType.get(internalName);
    if (hooked == null) {
      return null;
    }
    String name = internalName.replace('/', '.');
    try {
      List<TypeAdvice.Entry> entries = new ArrayList<>();
      for (Hooked h : hooked) {
        if (h.unmeasured != null) {
          if (saidUnmeasured.add(h.unmeasured.stack)) {
            AgentLog.info(h.unmeasured.message());
          }
        } else if (fits(h.module, loader, name, protectionDomain)) {
          entries.addAll(adviceOf(h.type).entries());
        }
      }
      return entries.isEmpty() ? null : AdviceWeaver.get().weave(loader, name, classFile, entries);
    } catch (Throwable e) {
      WeaveErrors.report(name, e);
      return null;
    }
  }

  private boolean fits(
      InstrumentationModule module, ClassLoader loader, String typeName, ProtectionDomain where) {
    Map<InstrumentationModule, Boolean> known;
    synchronized (fits) {
      known = loader == null ? bootFits : fits.computeIfAbsent(loader, l -> new HashMap<>());
      Boolean ok = known.get(module);
      if (ok != null) {
        return ok;
      }
    }
    TypePool pool = AdviceWeaver.get().typePool(loader);
    if (!ReferenceCheck.applies(module, pool)) { // another API's or version line's: off, silently
      synchronized (fits) {
        known.put(module, false);
      }
      return false;
    }
    String mismatch = ReferenceCheck.firstMismatch(module, typesOf.get(module), pool);
    if (mismatch != null && warned.putIfAbsent(module, Boolean.TRUE) == null) {
      AgentLog.warn(
          typeName
              + " loaded, but the "
              + module.name()
              + " module does not fit this version ("
              + mismatch
              + "): this framework version is not supported, its routes are not named: on a"
              + " servlet container the agent measures, its requests are counted as"
              + " endpoint=\"unmatched\"; elsewhere they are not measured (process and JVM"
              + " metrics still are)");
    }
    synchronized (fits) {
      known.put(module, mismatch == null);
    }
    try {
      coverage.checked(module.name(), typeName, where, mismatch);
    } catch (Throwable e) {
      // the report is secondary: weaving goes on
    }
    return mismatch == null;
  }

  private static final class Hooked {
    final InstrumentationModule module;
    final TypeInstrumentation type;
    /** A stack no module measures, said once when its class loads; else null. */
    final UnmeasuredStack unmeasured;

    Hooked(InstrumentationModule module, TypeInstrumentation type) {
      this.module = module;
      this.type = type;
      this.unmeasured = null;
    }

    Hooked(UnmeasuredStack unmeasured) {
      this.module = null;
      this.type = null;
      this.unmeasured = unmeasured;
    }
  }
}
