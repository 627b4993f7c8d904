package dev.metricsagent.instrumentation;

/**
 * A server or framework no module measures yet, known by a class it loads as it starts: the agent
 * says once that its requests are not measured, unless the module that would cover it is there.
 *
 * <pre>{@code
 * new UnmeasuredStack("io.vertx.core.http.impl.HttpServerImpl", "Vert.x", "vertx")
 * }</pre>
 */
public final class UnmeasuredStack {
  final String typeName;
  final String stack;
  final String coveredBy;

  /**
   * @param typeName the exact binary name of a class the stack always loads
   * @param stack the stack's name in the log line
   * @param coveredBy the name of the module that would measure it: when present, nothing is said
   */
  public UnmeasuredStack(String typeName, String stack, String coveredBy) {
    this.typeName = typeName;
    this.stack = stack;
    this.coveredBy = coveredBy;
  }

  /** The one line the agent writes when {@link #typeName} loads. */
  String message() {
    return stack
        + " is running ("
        + typeName
        + " loaded): its HTTP requests are not measured, this agent has no module for it"
        + " (process and JVM metrics are)";
  }
}
