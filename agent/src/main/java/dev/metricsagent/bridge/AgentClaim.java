package dev.metricsagent.bridge;

/**
 * Which copy of the agent owns the bridge. The bridge lives in the boot loader, so a second copy
 * (attach after {@code -javaagent}) finds the first one here and reports "already active" instead
 * of instrumenting twice.
 */
public final class AgentClaim {
  private static volatile int activePort = -1;
  private static String activeVersion;

  private AgentClaim() {}

  /** Claims the bridge; false (and nothing changes) if another copy claimed it before. */
  public static synchronized boolean claim(String version) {
    if (activeVersion != null) {
      return false;
    }
    activeVersion = version;
    return true;
  }

  /** Records the port the claiming agent's exporter serves on. */
  public static void serving(int port) {
    activePort = port;
  }

  /** The exporter port of the agent that claimed the bridge, or -1 while none serves. */
  public static int activePort() {
    return activePort;
  }
}
