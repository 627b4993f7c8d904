package dev.metricsagent.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The options given, not yet validated, each from the source that wins: agent arguments over system
 * properties ({@code metrics.agent.*}) over environment variables ({@code METRICS_AGENT_*}). Keys
 * are checked here, values by {@link OptionValues}.
 */
final class RawOptions {
  // Insertion order is the order values are validated in, so errors come out the same each run.
  private final Map<Option, Source> values;

  private RawOptions(Map<Option, Source> values) {
    this.values = values;
  }

  /**
   * @param agentArgs the {@code -javaagent} / attach argument string, may be null or empty
   */
  static RawOptions collect(String agentArgs, Map<?, ?> systemProperties, Map<String, String> env)
      throws AgentConfigException {
    Map<Option, Source> values = new LinkedHashMap<Option, Source>();
    // lowest precedence first: a later put replaces the value
    for (Map.Entry<String, String> e : env.entrySet()) {
      String name = e.getKey();
      if (name.startsWith(AgentConfig.ENV_PREFIX)) {
        String key = name.substring(AgentConfig.ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        String origin = "environment variable " + name;
        values.put(Option.byKey(key, origin), new Source(e.getValue(), origin));
      }
    }
    for (Map.Entry<?, ?> e : systemProperties.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (name.startsWith(AgentConfig.SYSTEM_PROPERTY_PREFIX)) {
        String key = name.substring(AgentConfig.SYSTEM_PROPERTY_PREFIX.length());
        String origin = "system property -D" + name;
        values.put(Option.byKey(key, origin), new Source(String.valueOf(e.getValue()), origin));
      }
    }
    for (Map.Entry<String, String> e : splitArgs(agentArgs).entrySet()) {
      String origin = "agent argument " + e.getKey();
      values.put(Option.byKey(e.getKey(), "agent arguments"), new Source(e.getValue(), origin));
    }
    return new RawOptions(values);
  }

  /** {@code a=1,b=2} into an ordered map; a value may contain '=' but not ','. */
  static Map<String, String> splitArgs(String agentArgs) throws AgentConfigException {
    Map<String, String> out = new LinkedHashMap<String, String>();
    if (agentArgs == null || agentArgs.trim().isEmpty()) {
      return out;
    }
    for (String part : agentArgs.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0) {
        // exclude=/health,/metrics: the comma ended the option; say how to list templates
        String hint =
            p.startsWith("/")
                ? " (separate exclude templates with '|', e.g. exclude=/health|/metrics)"
                : "";
        throw new AgentConfigException(
            "invalid agent argument '"
                + p
                + "': expected key=value, keys: "
                + Option.keys()
                + hint);
      }
      out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
    }
    return out;
  }

  /** Every option given, in validation order. */
  Iterable<Map.Entry<Option, Source>> given() {
    return Collections.unmodifiableMap(values).entrySet();
  }

  /** The winning source of {@code o}, or null if no source gives it. */
  Source get(Option o) {
    return values.get(o);
  }

  /** The trimmed value of {@code o}, or null if no source gives it. */
  String value(Option o) {
    Source s = values.get(o);
    return s == null ? null : s.value.trim();
  }
}
