package dev.metricsagent.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's options, parsed once into an immutable value. Sources, highest precedence first:
 * agent arguments ({@code -javaagent:metrics-agent.jar=port=9464,buckets=0.1|1}), system
 * properties ({@code -Dmetrics.agent.port=9464}), environment variables ({@code
 * METRICS_AGENT_PORT=9464}), defaults.
 *
 * <pre>{@code
 * AgentConfig c = AgentConfig.parse("port=9465", System.getProperties(), System.getenv());
 * }</pre>
 */
public final class AgentConfig {
  public static final String SYSTEM_PROPERTY_PREFIX = "metrics.agent.";
  public static final String ENV_PREFIX = "METRICS_AGENT_";
  public static final int DEFAULT_PORT = 9464;

  /**
   * Set in the host JVM by the running agent to its exporter port, so attach can tell that it
   * is already there. Outside the {@code metrics.agent.} prefix: it is state, not an option.
   */
  public static final String ACTIVE_PORT_PROPERTY = "dev.metricsagent.active.port";

  /** The Prometheus client's default classic buckets, in seconds. */
  public static final double[] DEFAULT_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0
  };

  private final int port;
  private final String host;
  private final double[] buckets;
  private final int maxEndpoints;

  private AgentConfig(int port, String host, double[] buckets, int maxEndpoints) {
    this.port = port;
    this.host = host;
    this.buckets = buckets;
    this.maxEndpoints = maxEndpoints;
  }

  public static AgentConfig defaults() {
    return new AgentConfig(DEFAULT_PORT, "0.0.0.0", DEFAULT_BUCKETS.clone(), 1000);
  }

  /**
   * Merges the three sources and validates every value.
   *
   * @param agentArgs the {@code -javaagent} / attach argument string, may be null or empty
   */
  public static AgentConfig parse(
      String agentArgs, Map<?, ?> systemProperties, Map<String, String> env)
      throws AgentConfigException {
    Map<Option, Source> values = new LinkedHashMap<Option, Source>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      String name = e.getKey();
      if (name.startsWith(ENV_PREFIX)) {
        String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        String origin = "environment variable " + name;
        values.put(Option.byKey(key, origin), new Source(e.getValue(), origin));
      }
    }
    for (Map.Entry<?, ?> e : systemProperties.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (name.startsWith(SYSTEM_PROPERTY_PREFIX)) {
        String key = name.substring(SYSTEM_PROPERTY_PREFIX.length());
        String origin = "system property -D" + name;
        values.put(Option.byKey(key, origin), new Source(String.valueOf(e.getValue()), origin));
      }
    }
    for (Map.Entry<String, String> e : splitArgs(agentArgs).entrySet()) {
      String origin = "agent argument " + e.getKey();
      values.put(Option.byKey(e.getKey(), "agent arguments"), new Source(e.getValue(), origin));
    }

    AgentConfig d = defaults();
    int port = d.port;
    String host = d.host;
    double[] buckets = d.buckets;
    int maxEndpoints = d.maxEndpoints;
    for (Map.Entry<Option, Source> e : values.entrySet()) {
      Source s = e.getValue();
      switch (e.getKey()) {
        case PORT:
          port = parseInt(Option.PORT, s, 1, 65535);
          break;
        case HOST:
          host = parseHost(s);
          break;
        case BUCKETS:
          buckets = parseBuckets(s);
          break;
        case MAX_ENDPOINTS:
          maxEndpoints = parseInt(Option.MAX_ENDPOINTS, s, 1, 100_000);
          break;
        default:
          throw new AssertionError(e.getKey());
      }
    }
    return new AgentConfig(port, host, buckets, maxEndpoints);
  }

  /** {@code a=1,b=2} into an ordered map; a value may contain '=' but not ','. */
  private static Map<String, String> splitArgs(String agentArgs) throws AgentConfigException {
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
        throw new AgentConfigException(
            "invalid agent argument '" + p + "': expected key=value, keys: " + Option.keys());
      }
      out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
    }
    return out;
  }

  private static int parseInt(Option o, Source s, int min, int max) throws AgentConfigException {
    try {
      int v = Integer.parseInt(s.value.trim());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the accepted range
    }
    throw invalid(o, s, "an integer " + min + ".." + max);
  }

  private static String parseHost(Source s) throws AgentConfigException {
    String h = s.value.trim();
    if (h.isEmpty() || !h.matches("[A-Za-z0-9.:\\-\\[\\]%]+")) {
      throw invalid(Option.HOST, s, "a host name or IP address to bind, e.g. 127.0.0.1 or 0.0.0.0");
    }
    return h;
  }

  private static double[] parseBuckets(Source s) throws AgentConfigException {
    String[] parts = s.value.split("\\|");
    double[] out = new double[parts.length];
    String accepted = "strictly increasing positive numbers separated by '|', e.g. 0.01|0.1|1|10";
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw invalid(Option.BUCKETS, s, accepted);
      }
      if (!(out[i] > 0) || Double.isInfinite(out[i]) || (i > 0 && out[i] <= out[i - 1])) {
        throw invalid(Option.BUCKETS, s, accepted);
      }
    }
    return out;
  }

  private static AgentConfigException invalid(Option o, Source s, String accepted) {
    return new AgentConfigException(
        "invalid value '" + s.value + "' for option " + o.key + " (from " + s.origin
            + "): expected " + accepted);
  }

  public int port() {
    return port;
  }

  /** The address the exporter binds; {@code 0.0.0.0} means all interfaces. */
  public String host() {
    return host;
  }

  public double[] buckets() {
    return buckets.clone();
  }

  /** Distinct {@code endpoint} label values before new templates share one overflow value. */
  public int maxEndpoints() {
    return maxEndpoints;
  }

  /** The agent argument string that reproduces this configuration (used by attach). */
  public String toAgentArgs() {
    StringBuilder b = new StringBuilder();
    b.append("port=").append(port).append(",host=").append(host).append(",buckets=");
    for (int i = 0; i < buckets.length; i++) {
      b.append(i == 0 ? "" : "|").append(buckets[i]);
    }
    return b.append(",max_endpoints=").append(maxEndpoints).toString();
  }

  @Override
  public String toString() {
    return toAgentArgs();
  }

  /** The options, their keys (the same in every source) and their defaults. */
  enum Option {
    PORT("port"),
    HOST("host"),
    BUCKETS("buckets"),
    MAX_ENDPOINTS("max_endpoints");

    final String key;

    Option(String key) {
      this.key = key;
    }

    static Option byKey(String key, String origin) throws AgentConfigException {
      for (Option o : values()) {
        if (o.key.equals(key)) {
          return o;
        }
      }
      throw new AgentConfigException(
          "unknown option '" + key + "' (from " + origin + "): accepted options are " + keys());
    }

    static String keys() {
      String[] k = new String[values().length];
      for (int i = 0; i < k.length; i++) {
        k[i] = values()[i].key;
      }
      return Arrays.toString(k);
    }
  }

  private static final class Source {
    final String value;
    final String origin;

    Source(String value, String origin) {
      this.value = value;
      this.origin = origin;
    }
  }
}
