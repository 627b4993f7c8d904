package dev.metricsagent.instrumentation;

import java.util.List;
import java.util.function.BiConsumer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

/**
 * The Byte Buddy side of {@link Instrumenter}, in its own class so that Byte Buddy is loaded only
 * when the first hooked class is. Does what {@code AgentBuilder} did with {@code
 * disableClassFormatChanges()}, {@code TypeStrategy.Default.DECORATE}, the {@code FAST} pool
 * strategy and {@code Transformer.ForAdvice}, without its set-up.
 */
final class Weaver {
  private Weaver() {}

  // No new members and no type initialiser (Implementation.Context.Disabled): what
  // retransformation allows. Decoration only visits declared methods, so no full method graph.
  private static final ByteBuddy BYTE_BUDDY =
      new ByteBuddy()
          .with(TypeValidation.DISABLED)
          .with(Implementation.Context.Disabled.Factory.INSTANCE)
          .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);

  /**
   * @param loader the hooked class's defining loader (null: bootstrap); its types are resolved
   *     from there, as class files: nothing is loaded while the class is being defined
   * @param agentLoader where the advice classes are read from
   * @param missing told of each hook whose method the type does not declare
   * @return the woven class file, or null if no hook applies
   */
  static byte[] weave(
      ClassLoader loader,
      ClassLoader agentLoader,
      String name,
      byte[] classFile,
      List<Hook> hooks,
      BiConsumer<String, Hook> missing) {
    ClassFileLocator appLocator =
        new ClassFileLocator.Compound(
            ClassFileLocator.Simple.of(name, classFile),
            loader == null
                ? ClassFileLocator.ForClassLoader.ofBootLoader()
                : ClassFileLocator.ForClassLoader.of(loader));
    TypePool appPool = pool(appLocator);
    TypeDescription type = appPool.describe(name).resolve();
    // As Transformer.ForAdvice: advice from the agent's loader; the framework types in its
    // signatures from the app's (the agent's loader may not see them: isolated app loaders).
    ClassFileLocator adviceLocator =
        new ClassFileLocator.Compound(ClassFileLocator.ForClassLoader.of(agentLoader), appLocator);
    TypePool advicePool = pool(adviceLocator);
    DynamicType.Builder<?> builder = BYTE_BUDDY.decorate(type, appLocator);
    boolean changed = false;
    for (Hook h : hooks) {
      if (type.getDeclaredMethods().filter(h.method()).isEmpty()) {
        missing.accept(name, h);
        continue;
      }
      builder =
          builder.visit(
              Advice.to(advicePool.describe(h.adviceClass).resolve(), adviceLocator).on(h.method()));
      changed = true;
    }
    // frames are computed against the app's pool, again without loading anything
    return changed ? builder.make(appPool).getBytes() : null;
  }

  /** Lazy, as AgentBuilder's {@code PoolStrategy.Default.FAST}: resolves only what is used. */
  private static TypePool pool(ClassFileLocator locator) {
    return new TypePool.Default.WithLazyResolution(
        TypePool.CacheProvider.Simple.withObjectType(), locator, TypePool.Default.ReaderMode.FAST);
  }
}
