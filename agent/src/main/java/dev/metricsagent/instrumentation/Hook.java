package dev.metricsagent.instrumentation;

/**
 * One piece of advice woven into the methods of one type. Everything is named, nothing loaded: a
 * JVM that never loads a hooked type never touches the bytecode library.
 */
public final class Hook {
  final String typeName;
  final MethodFilter method;
  final HookAdvice advice;
  final String required;

  /** Selects the hooked methods from a class file, as a Byte Buddy matcher on declared methods. */
  @FunctionalInterface
  public interface MethodFilter {
    boolean matches(int access, String name, String descriptor);
  }

  /**
   * @param typeName binary name of the hooked type, e.g. {@code spark.route.Routes}
   * @param method selects the hooked methods (access flags, name, descriptor)
   * @param advice writes the code woven at entry and exit of each hooked method
   * @param required how to name the hooked method in the one warning logged when the type has no
   *     such method (a framework version we do not support), or null when the hook is optional
   */
  public Hook(String typeName, MethodFilter method, HookAdvice advice, String required) {
    this.typeName = typeName;
    this.method = method;
    this.advice = advice;
    this.required = required;
  }
}
