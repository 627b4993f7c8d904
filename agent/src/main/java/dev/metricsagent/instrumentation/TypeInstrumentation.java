package dev.metricsagent.instrumentation;

/**
 * The advice for one type, named exactly ({@code spark.route.Routes}). {@link #typeName} is read
 * when the agent starts; {@link #advise} only when that type first loads, so the method matchers
 * and advice classes it names cost nothing in a JVM that never loads the type.
 */
public interface TypeInstrumentation {

  /** Binary name of the hooked type. */
  String typeName();

  /** Adds each method's advice: {@code advice.required(named("find"), FindAdvice.class, "...")}. */
  void advise(TypeAdvice advice);
}
