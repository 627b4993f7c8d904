package dev.metricsagent.instrumentation;

import java.security.ProtectionDomain;

/**
 * Told by the {@link Instrumenter} what it decided for a module in a class loader whose framework
 * it met: the agent's report of its own coverage ({@code metrics_agent_instrumentation_info}).
 * Called once per module and class loader, from the transformer: quick, never throwing.
 */
public interface CoverageListener {
  CoverageListener NONE = (stack, hookedType, where, mismatch) -> {};

  /**
   * @param stack the module's name
   * @param hookedType the first hooked type of the module this loader defined
   * @param where that type's protection domain (its jar, for the version), may be null
   * @param mismatch null when the module applied, else what {@link ReferenceCheck} found missing
   */
  void checked(String stack, String hookedType, ProtectionDomain where, String mismatch);
}
