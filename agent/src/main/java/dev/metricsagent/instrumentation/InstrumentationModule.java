package dev.metricsagent.instrumentation;

import dev.metricsagent.bridge.RouteLister;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * One framework's weaving rules. A module matches classes by name only (so it costs nothing
 * when the framework is absent) and reports requests through {@link dev.metricsagent.bridge.Bridge}.
 */
public interface InstrumentationModule {

  /** Short name used in log lines, e.g. {@code spark}. */
  String name();

  /** Package prefix of every type the module instruments; all other types are skipped early. */
  String packagePrefix();

  /** Adds this module's type matchers and advice to {@code builder}. */
  AgentBuilder extend(AgentBuilder builder);

  /**
   * Lists the routes an app registered before the agent attached, or null if the module cannot.
   */
  RouteLister routeLister();
}
