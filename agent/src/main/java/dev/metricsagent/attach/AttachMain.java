package dev.metricsagent.attach;

/** {@code java -jar metrics-agent.jar}: explains how the agent is used. */
public final class AttachMain {
  private AttachMain() {}

  public static void main(String[] args) {
    System.err.println(
        "metrics-agent is a Java agent: java -javaagent:metrics-agent.jar[=port=9464,...] -jar app.jar");
    System.exit(2);
  }
}
