package dev.metricsagent;

import dev.metricsagent.config.AgentConfig;
import dev.metricsagent.config.AgentConfigException;
import java.lang.instrument.Instrumentation;

/**
 * Entry points for {@code -javaagent:metrics-agent.jar[=options]} and dynamic attach, called by
 * {@link AgentLauncher} in the agent's own class loader.
 *
 * <p>Never throws and never exits: whatever goes wrong is one log line and the app runs on. This
 * class must not reference {@code dev.metricsagent.bridge} types: they have to be loaded from the
 * bootstrap class path, which {@link BridgeInjector} sets up first.
 */
public final class Agent {
  private Agent() {}

  public static void premain(String args, Instrumentation inst) {
    start(args, inst, false);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst, true);
  }

  /** @param attached loaded into a running JVM, where the framework may already be loaded */
  static void start(String args, Instrumentation inst, boolean attached) {
    try {
      AgentConfig config;
      try {
        config = AgentConfig.parse(args, System.getProperties(), System.getenv());
      } catch (AgentConfigException e) {
        AgentLog.error(e.getMessage() + "; the agent is not started, the app runs without it");
        return;
      }
      BridgeInjector.inject(inst);
      AgentRuntime.start(config, inst, attached);
    } catch (Throwable t) {
      Throwable cause = t.getCause() != null ? t.getCause() : t;
      AgentLog.error("could not start, the app runs without metrics: " + cause);
    }
  }
}
