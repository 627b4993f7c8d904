package dev.metricsagent;

/** The agent's few log lines: one line each, on stderr, with a prefix users can grep. */
public final class AgentLog {
  public static final String PREFIX = "[metrics-agent] ";

  private AgentLog() {}

  public static void info(String message) {
    System.err.println(PREFIX + message);
  }

  public static void warn(String message) {
    System.err.println(PREFIX + "WARNING: " + message);
  }

  public static void error(String message) {
    System.err.println(PREFIX + "ERROR: " + message);
  }
}
