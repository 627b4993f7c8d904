package dev.metricsagent.instrumentation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeInitializer;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Byte Buddy's side of the weaving: inlines {@link Advice} into a class file. Each advice is the
 * {@link AsmVisitorWrapper} that {@code Advice.on(...)} gives, applied between an ASM reader and
 * writer of the class file, as Byte Buddy's own type writer applies it with {@code
 * disableClassFormatChanges()} (no new member, no type initialiser: attach can retransform), but
 * without its type builder (the {@code ByteBuddy} configuration, method graphs, method registry,
 * type writer): ~230 more classes to load and run at start-up, for nothing the advice needs.
 * The instrumented class and its hierarchy are described lazily from class files (nothing is
 * loaded while the class is being defined). Advice classes are described from the agent jar once
 * per loader and kept.
 *
 * <p>Created when the first hooked class loads, on that class's thread. Preparing it on an agent
 * thread while the app starts was measured and gained nothing on 2 vCPUs (docs/performance.md).
 */
final class AdviceWeaver {
  private static volatile AdviceWeaver instance;

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
    MethodList<?> methods = type.getDeclaredMethods();
    List<AsmVisitorWrapper> wrappers = new ArrayList<>(entries.size());
    int readerFlags = AsmVisitorWrapper.NO_FLAGS;
    int writerFlags = AsmVisitorWrapper.NO_FLAGS;
    for (TypeAdvice.Entry e : entries) {
      if (!methods.filter(e.methods).isEmpty()) {
        AsmVisitorWrapper w = advice(loader, e.adviceClass).on(e.methods);
        wrappers.add(w);
        readerFlags = w.mergeReader(readerFlags);
        writerFlags = w.mergeWriter(writerFlags);
      }
    }
    if (wrappers.isEmpty()) {
      return null;
    }
    // Advice computes its own frames and sizes (flags stay 0): a plain writer that copies the
    // methods it does not touch straight from the reader
    ClassReader reader = OpenedClassReader.of(classFile);
    ClassWriter writer = new ClassWriter(reader, writerFlags);
    ClassFileVersion version = ClassFileVersion.ofClassFile(classFile);
    // no auxiliary type is ever made (disabled context), so it needs no naming strategy
    Implementation.Context context =
        Implementation.Context.Disabled.Factory.INSTANCE.make(
            type, null, TypeInitializer.None.INSTANCE, version, version,
            frames(version, readerFlags));
    ClassVisitor visitor = writer;
    for (AsmVisitorWrapper w : wrappers) { // in order, as Byte Buddy's builder.visit(...) chains
      visitor =
          w.wrap(type, visitor, context, pool, type.getDeclaredFields(), methods, writerFlags,
              readerFlags);
    }
    reader.accept(visitor, readerFlags);
    return writer.toByteArray();
  }

  /** As Byte Buddy's type writer chooses it for a class file of {@code version}. */
  private static Implementation.Context.FrameGeneration frames(
      ClassFileVersion version, int readerFlags) {
    if (version.isLessThan(ClassFileVersion.JAVA_V6)) {
      return Implementation.Context.FrameGeneration.DISABLED;
    }
    return (readerFlags & ClassReader.EXPAND_FRAMES) != 0
        ? Implementation.Context.FrameGeneration.EXPAND
        : Implementation.Context.FrameGeneration.GENERATE;
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
      // the advice's class file, read from the jar once: described here, parsed again by Advice
      ClassFileLocator own;
      try {
        own = ClassFileLocator.Simple.of(adviceClass, both.locate(adviceClass).resolve());
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the advice " + adviceClass, e);
      }
      ClassFileLocator locator = new ClassFileLocator.Compound(own, both);
      TypePool pool =
          new TypePool.Default.WithLazyResolution(
              l.adviceTypes, locator, TypePool.Default.ReaderMode.FAST);
      a = Advice.to(pool.describe(adviceClass).resolve(), locator);
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
