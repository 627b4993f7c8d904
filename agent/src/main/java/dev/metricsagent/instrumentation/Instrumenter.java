package dev.metricsagent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.metricsagent.AgentLog;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs every module's advice with one Byte Buddy transformer: retransformation (so classes
 * loaded before an attach are woven too), no class format changes (so retransformation is
 * allowed), and a listener that reports each failure once and lets the app run uninstrumented.
 */
public final class Instrumenter {
  private Instrumenter() {}

  /**
   * @param retransform also weave classes already loaded (attach). At premain none of the
   *     framework's classes is loaded yet, and skipping retransformation spares Byte Buddy a pass
   *     over every loaded class and lets the JVM register a plain, non-retransforming transformer.
   */
  public static ResettableClassFileTransformer install(
      Instrumentation inst, List<InstrumentationModule> modules, boolean retransform) {
    ElementMatcher.Junction<TypeDescription> scope = none();
    String[] internalPrefixes = new String[modules.size()];
    for (int i = 0; i < internalPrefixes.length; i++) {
      scope = scope.or(nameStartsWith(modules.get(i).packagePrefix()));
      internalPrefixes[i] = modules.get(i).packagePrefix().replace('.', '/');
    }
    // Byte Buddy's Nexus (type initialisers for generated classes, which we never use) would
    // reach for sun.misc.Unsafe, and JDK 24+ warns about that on the host's stderr. The
    // constant is relocated with Byte Buddy, so the host's own Byte Buddy is unaffected.
    System.setProperty(Nexus.PROPERTY, "true");
    AgentBuilder builder =
        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
            .disableClassFormatChanges()
            .with(
                retransform
                    ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION
                    : AgentBuilder.RedefinitionStrategy.DISABLED)
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
            .with(new FailureListener())
            .with(new NamePrefixFilter.Decorator(internalPrefixes))
            // by name only, before anything is parsed: every other class costs one string check
            .ignore(not(scope));
    for (InstrumentationModule m : modules) {
      builder = m.extend(builder);
    }
    return builder.installOn(inst);
  }

  /** Logs each type's instrumentation failure once, in one line; never rethrows. */
  static final class FailureListener extends AgentBuilder.Listener.Adapter {
    private final ConcurrentHashMap<String, Boolean> reported = new ConcurrentHashMap<>();

    @Override
    public void onError(
        String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
      if (reported.putIfAbsent(typeName, Boolean.TRUE) == null) {
        AgentLog.warn(
            "could not instrument "
                + typeName
                + "; requests through it are not measured, the app runs on: "
                + error);
      }
    }
  }
}
