package dev.metricsagent.instrumentation;

import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

/**
 * Byte Buddy's side of the weaving: inlines {@link Advice} into a class file. Configured as
 * {@code AgentBuilder.disableClassFormatChanges()} configures it (no new member, no type
 * initialiser: attach can retransform), without type validation, with the instrumented class and
 * its hierarchy described lazily from class files (nothing is loaded while the class is being
 * defined). Advice classes are described from the agent jar once and kept.
 *
 * <p>Created when the first hooked class loads, on that class's thread. Preparing it on an agent
 * thread while the app starts was measured and gained nothing on 2 vCPUs (docs/performance.md).
 */
final class AdviceWeaver {
  private static volatile AdviceWeaver instance;

  private final ByteBuddy byteBuddy =
      new ByteBuddy()
          .with(TypeValidation.DISABLED)
          .with(Implementation.Context.Disabled.Factory.INSTANCE)
          .with(InstrumentedType.Factory.Default.FROZEN)
          .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);

  /** The agent's own classes, where the advice class files are. */
  private final ClassFileLocator agentClasses =
      ClassFileLocator.ForClassLoader.of(AdviceWeaver.class.getClassLoader());

  /**
   * Per class loader (weak: loaders go away, a web app's on each redeploy; the values reach their
   * loader only weakly); {@link #boot} for the boot loader.
   */
  private final Map<ClassLoader, PerLoader> loaders = new WeakHashMap<>();

  private final PerLoader boot = new PerLoader();

  private AdviceWeaver() {}

  static AdviceWeaver get() {
    AdviceWeaver w = instance;
    if (w == null) {
      synchronized (AdviceWeaver.class) { // the agent's thread may be preparing it right now
        w = instance;
        if (w == null) {
          instance = w = new AdviceWeaver();
        }
      }
    }
    return w;
  }

  /** The class's own parsed form and its loader's classes, for matchers and advice. */
  TypePool typePool(ClassLoader loader, String name, byte[] classFile) {
    return new TypePool.Default.WithLazyResolution(
        of(loader).types,
        new ClassFileLocator.Compound(
            ClassFileLocator.Simple.of(name, classFile), locatorOf(loader)),
        TypePool.Default.ReaderMode.FAST);
  }

  /** Class files of {@code loader}'s classes (also JDK ones), for the reference check. */
  TypePool typePool(ClassLoader loader) {
    return new TypePool.Default.WithLazyResolution(
        of(loader).types, locatorOf(loader), TypePool.Default.ReaderMode.FAST);
  }

  /** Every entry woven into the methods it matches; null if none matches any method. */
  byte[] weave(ClassLoader loader, String name, byte[] classFile, List<TypeAdvice.Entry> entries) {
    TypePool pool = typePool(loader, name, classFile);
    TypeDescription type = pool.describe(name).resolve();
    DynamicType.Builder<?> builder =
        byteBuddy.redefine(type, ClassFileLocator.Simple.of(name, classFile));
    boolean any = false;
    for (TypeAdvice.Entry e : entries) {
      if (!type.getDeclaredMethods().filter(e.methods).isEmpty()) {
        builder = builder.visit(advice(loader, e.adviceClass).on(e.methods));
        any = true;
      }
    }
    return any ? builder.make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes() : null;
  }

  /**
   * The advice class as Byte Buddy reads it for {@code loader}: its signatures name framework
   * types, which only that loader has, so the advice is described once per loader.
   */
  private Advice advice(ClassLoader loader, String adviceClass) {
    PerLoader l = of(loader);
    Advice a = l.advice.get(adviceClass);
    if (a == null) {
      ClassFileLocator both = new ClassFileLocator.Compound(agentClasses, locatorOf(loader));
      TypePool pool =
          new TypePool.Default.WithLazyResolution(
              l.adviceTypes, both, TypePool.Default.ReaderMode.FAST);
      a = Advice.to(pool.describe(adviceClass).resolve(), both);
      l.advice.put(adviceClass, a);
    }
    return a;
  }

  private PerLoader of(ClassLoader loader) {
    if (loader == null) {
      return boot;
    }
    synchronized (loaders) {
      PerLoader l = loaders.get(loader);
      if (l == null) {
        l = new PerLoader();
        loaders.put(loader, l);
      }
      return l;
    }
  }

  /**
   * Reads {@code loader}'s class files through a weak reference: the locator ends up in what
   * {@link PerLoader} keeps (the cached advice, lazily resolved types), and a strong reference
   * there would keep the loader, the {@link WeakHashMap}'s own key, alive for good.
   */
  private static ClassFileLocator locatorOf(ClassLoader loader) {
    return loader == null
        ? ClassFileLocator.ForClassLoader.ofBootLoader()
        : ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader);
  }

  /**
   * What is kept per class loader: its parsed class files, and the advice described for it. None
   * of it may reference the loader strongly (see {@link #locatorOf}).
   */
  private static final class PerLoader {
    final TypePool.CacheProvider types = new TypePool.CacheProvider.Simple();
    /** Kept apart from {@link #types}: the agent's classes seen alongside the loader's. */
    final TypePool.CacheProvider adviceTypes = new TypePool.CacheProvider.Simple();
    final Map<String, Advice> advice = new ConcurrentHashMap<>();
  }
}
