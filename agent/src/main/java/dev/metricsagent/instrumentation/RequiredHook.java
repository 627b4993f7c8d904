package dev.metricsagent.instrumentation;

import dev.metricsagent.AgentLog;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicBoolean;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Warns when a matched type lacks the method its advice hooks (a framework version we do not
 * support): advice matching no method is otherwise silent, and users would see no HTTP metrics
 * without knowing why. A module's hooks share one flag, so a whole unsupported version gets one
 * line. Changes nothing in the type.
 */
public final class RequiredHook implements AgentBuilder.Transformer {
  private final ElementMatcher<? super MethodDescription> method;
  private final String description;
  private final AtomicBoolean warned;

  /**
   * @param warned shared by the hooks of one module
   */
  public RequiredHook(
      ElementMatcher<? super MethodDescription> method, String description, AtomicBoolean warned) {
    this.method = method;
    this.description = description;
    this.warned = warned;
  }

  @Override
  public DynamicType.Builder<?> transform(
      DynamicType.Builder<?> builder,
      TypeDescription type,
      ClassLoader loader,
      JavaModule module,
      ProtectionDomain protectionDomain) {
    if (type.getDeclaredMethods().filter(method).isEmpty() && warned.compareAndSet(false, true)) {
      AgentLog.warn(
          type.getName()
              + " has no "
              + description
              + ": this framework version is not supported, its requests are not measured"
              + " (process and JVM metrics still are)");
    }
    return builder;
  }
}
