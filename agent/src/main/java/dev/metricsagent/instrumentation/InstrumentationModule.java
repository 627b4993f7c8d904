package dev.metricsagent.instrumentation;

import dev.metricsagent.bridge.RouteLister;
import java.util.List;

/**
 * One framework's weaving rules: exact type names (so the module costs one hash lookup per class
 * when the framework is absent) and the advice for each; advice reports requests through {@link
 * dev.metricsagent.bridge.Bridge}.
 */
public interface InstrumentationModule {

  /** Short name used in log lines, e.g. {@code spark}. */
  String name();

  /** The advice this module weaves. */
  List<Hook> hooks();

  /**
   * Lists the routes an app registered before the agent attached, or null if the module cannot.
   */
  RouteLister routeLister();
}
