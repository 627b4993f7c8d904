package dev.metricsagent.instrumentation;

import java.util.function.Supplier;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One advice class woven into the methods of one type. Everything is named, nothing loaded: the
 * method matcher is built on first use, so a JVM that never loads a hooked type never touches
 * Byte Buddy.
 */
public final class Hook {
  final String typeName;
  final String adviceClass;
  final String required;
  private final Supplier<ElementMatcher<? super MethodDescription>> methodFactory;
  private volatile ElementMatcher<? super MethodDescription> method;

  /**
   * @param typeName binary name of the hooked type, e.g. {@code spark.route.Routes}
   * @param method builds the matcher of the hooked methods (called once, on first use)
   * @param adviceClass binary name of the advice class, found through the agent's class loader
   * @param required how to name the hooked method in the one warning logged when the type has no
   *     such method (a framework version we do not support), or null when the hook is optional
   */
  public Hook(
      String typeName,
      Supplier<ElementMatcher<? super MethodDescription>> method,
      String adviceClass,
      String required) {
    this.typeName = typeName;
    this.methodFactory = method;
    this.adviceClass = adviceClass;
    this.required = required;
  }

  ElementMatcher<? super MethodDescription> method() {
    ElementMatcher<? super MethodDescription> m = method;
    if (m == null) {
      m = methodFactory.get(); // racing threads build equal matchers: harmless
      method = m;
    }
    return m;
  }
}
