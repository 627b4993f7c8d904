package dev.metricsagent.config;

import static dev.metricsagent.config.OptionValues.parseBoolean;
import static dev.metricsagent.config.OptionValues.parseBuckets;
import static dev.metricsagent.config.OptionValues.parseEnvName;
import static dev.metricsagent.config.OptionValues.parseExclude;
import static dev.metricsagent.config.OptionValues.parseHost;
import static dev.metricsagent.config.OptionValues.parseInt;
import static dev.metricsagent.config.OptionValues.parseLabelName;
import static dev.metricsagent.config.OptionValues.parseNaming;
import static dev.metricsagent.config.OptionValues.parsePath;
import static dev.metricsagent.config.OptionValues.parseSeconds;
import static dev.metricsagent.config.OptionValues.parseServiceName;
import static dev.metricsagent.config.OptionValues.parseUser;
import static dev.metricsagent.config.OptionValues.parseZeroThreshold;

import dev.metricsagent.core.HttpMetricsOptions;
import dev.metricsagent.core.NamingProfile;
import dev.metricsagent.core.NativeHistogramOptions;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * The agent's options, parsed once into an immutable value. Sources, highest precedence first:
 * agent arguments ({@code -javaagent:metrics-agent.jar=port=9464,buckets=0.1|1}), system properties
 * ({@code -Dmetrics.agent.port=9464}), environment variables ({@code METRICS_AGENT_PORT=9464}),
 * defaults.
 *
 * <pre>{@code
 * AgentConfig c = AgentConfig.parse("port=9465", System.getProperties(), System.getenv());
 * }</pre>
 */
public final class AgentConfig {
  public static final String SYSTEM_PROPERTY_PREFIX = "metrics.agent.";
  public static final String ENV_PREFIX = "METRICS_AGENT_";
  public static final int DEFAULT_PORT = 9464;
  public static final String DEFAULT_ENDPOINT_LABEL = "endpoint";

  /**
   * Set in the host JVM by the running agent to its exporter port, so attach can tell that it is
   * already there. Outside the {@code metrics.agent.} prefix: it is state, not an option.
   */
  public static final String ACTIVE_PORT_PROPERTY = "dev.metricsagent.active.port";

  /** Exporter limits against slow and hostile clients (docs/security.md, "Slow clients"). */
  public static final int DEFAULT_EXPORTER_MAX_REQUESTS = 256;

  public static final int DEFAULT_EXPORTER_READ_TIMEOUT = 5;
  public static final int DEFAULT_EXPORTER_REQUEST_TIMEOUT = 10;

  /** The Prometheus client's default classic buckets, in seconds. */
  public static final double[] DEFAULT_BUCKETS = HttpMetricsOptions.DEFAULT_BUCKETS;

  private final int port;
  private final String host;
  private final double[] buckets;
  private final boolean bucketsGiven;
  private final int maxEndpoints;
  private final Set<String> exclude;
  private final boolean statusGroups;
  private final boolean exemplars;
  private final boolean sizes;
  private final String tlsKeystore;
  private final SecretSource tlsKeystorePassword;
  private final String authUser;
  private final SecretSource authPassword;
  private final NativeHistogramOptions nativeHistograms;
  private final int exporterMaxRequests;
  private final int exporterReadTimeout;
  private final int exporterRequestTimeout;
  private final boolean ui;
  private final String naming;
  private final String serviceName;
  private final boolean startTimestamps;
  private final String endpointLabel;

  private AgentConfig(Builder b) {
    this.port = b.port;
    this.host = b.host;
    this.buckets = b.buckets;
    this.bucketsGiven = b.bucketsGiven;
    this.maxEndpoints = b.maxEndpoints;
    this.exclude = b.exclude;
    this.statusGroups = b.statusGroups;
    this.exemplars = b.exemplars;
    this.sizes = b.sizes;
    this.tlsKeystore = b.tlsKeystore;
    this.tlsKeystorePassword = b.tlsKeystorePassword;
    this.authUser = b.authUser;
    this.authPassword = b.authPassword;
    this.nativeHistograms = b.nativeHistograms;
    this.exporterMaxRequests = b.exporterMaxRequests;
    this.exporterReadTimeout = b.exporterReadTimeout;
    this.exporterRequestTimeout = b.exporterRequestTimeout;
    this.ui = b.ui;
    this.naming = b.naming;
    this.serviceName = b.serviceName;
    this.startTimestamps = b.startTimestamps;
    this.endpointLabel = b.endpointLabel;
  }

  public static AgentConfig defaults() {
    return new AgentConfig(new Builder());
  }

  /**
   * Merges the three sources and validates every value.
   *
   * @param agentArgs the {@code -javaagent} / attach argument string, may be null or empty
   */
  public static AgentConfig parse(
      String agentArgs, Map<?, ?> systemProperties, Map<String, String> env)
      throws AgentConfigException {
    RawOptions values = RawOptions.collect(agentArgs, systemProperties, env);
    Builder b = new Builder();
    for (Map.Entry<Option, Source> e : values.given()) {
      b.set(e.getKey(), e.getValue());
    }
    b.nativeHistograms =
        zeroThresholds(b.nativeHistograms, b.nativeMinZero, b.nativeMaxZero, values);
    b.tlsKeystore = values.value(Option.TLS_KEYSTORE);
    b.tlsKeystorePassword =
        SecretSource.of(
            values,
            Option.TLS_KEYSTORE,
            Option.TLS_KEYSTORE_PASSWORD_ENV,
            Option.TLS_KEYSTORE_PASSWORD_FILE,
            "the keystore password");
    b.authUser = values.value(Option.AUTH_USER);
    b.authPassword =
        SecretSource.of(
            values,
            Option.AUTH_USER,
            Option.AUTH_PASSWORD_ENV,
            Option.AUTH_PASSWORD_FILE,
            "the password");
    namingChecks(b, values);
    if (b.exporterReadTimeout > b.exporterRequestTimeout) {
      throw new AgentConfigException(
          "invalid option exporter_read_timeout="
              + b.exporterReadTimeout
              + " with"
              + " exporter_request_timeout="
              + b.exporterRequestTimeout
              + ": the time to receive a"
              + " request (seconds) cannot exceed the time for the whole request");
    }
    return new AgentConfig(b);
  }

  /** Options that only the agent's own names have are refused with another profile. */
  private static void namingChecks(Builder b, RawOptions values) throws AgentConfigException {
    if ("prometheus".equals(b.naming)) {
      if (values.get(Option.SERVICE_NAME) != null) {
        throw onlyWith(Option.SERVICE_NAME, "otel", values);
      }
      return;
    }
    if (values.get(Option.LABEL_ENDPOINT) != null) {
      throw onlyWith(Option.LABEL_ENDPOINT, "prometheus", values);
    }
    if (b.statusGroups) {
      throw onlyWith(Option.STATUS_GROUPS, "prometheus", values);
    }
    if ("micrometer".equals(b.naming) && values.get(Option.SERVICE_NAME) != null) {
      throw onlyWith(Option.SERVICE_NAME, "otel", values);
    }
  }

  private static AgentConfigException onlyWith(Option o, String naming, RawOptions values) {
    Source n = values.get(Option.NAMING);
    return new AgentConfigException(
        "option " + o.key + " (from " + values.get(o).origin + ") applies to naming=" + naming
            + " only, and naming is "
            + (n == null ? "prometheus (the default)" : n.value.trim() + " (from " + n.origin + ")"));
  }

  /** Both thresholds, as the client's {@code Histogram} combines them; min above max is refused. */
  private static NativeHistogramOptions zeroThresholds(
      NativeHistogramOptions n, Double min, Double max, RawOptions values)
      throws AgentConfigException {
    if (min == null && max == null) {
      return n;
    }
    if (min != null && max != null && min > max) {
      throw new AgentConfigException(
          "option "
              + Option.NATIVE_MIN_ZERO_THRESHOLD.key
              + "="
              + min
              + " (from "
              + values.get(Option.NATIVE_MIN_ZERO_THRESHOLD).origin
              + ") is above "
              + Option.NATIVE_MAX_ZERO_THRESHOLD.key
              + "="
              + max
              + " (from "
              + values.get(Option.NATIVE_MAX_ZERO_THRESHOLD).origin
              + ")");
    }
    return n.withZeroThresholds(
        min != null ? min : n.minZeroThreshold(), max != null ? max : n.maxZeroThreshold());
  }

  public int port() {
    return port;
  }

  /** The address the exporter binds; {@code 0.0.0.0} means all interfaces. */
  public String host() {
    return host;
  }

  /** The duration buckets: as given, else the naming profile's. */
  public double[] buckets() {
    return bucketsGiven ? buckets.clone() : namingProfile().defaultBuckets();
  }

  /** Distinct {@code endpoint} label values before new templates share one overflow value. */
  public int maxEndpoints() {
    return maxEndpoints;
  }

  /**
   * Route templates (normalised like the {@code endpoint} label) whose requests are not recorded;
   * {@code unmatched} and {@code static} name those two fixed endpoints.
   */
  public Set<String> exclude() {
    return exclude;
  }

  /** Whether {@code status_code} is the class ({@code 2xx}) rather than the exact code. */
  public boolean statusGroups() {
    return statusGroups;
  }

  /** Whether a request's W3C {@code traceparent} becomes an exemplar of its duration. */
  public boolean exemplars() {
    return exemplars;
  }

  /** Whether request and response body sizes are recorded (off by default). */
  public boolean sizes() {
    return sizes;
  }

  /** {@code prometheus} (the agent's own names), {@code otel} or {@code micrometer}. */
  public String naming() {
    return naming;
  }

  /** The {@code service_name} option, or null: the main class or jar name is used. */
  public String serviceName() {
    return serviceName;
  }

  /** Whether OpenMetrics and protobuf scrapes carry each series' start (created) timestamp. */
  public boolean startTimestamps() {
    return startTimestamps;
  }

  /** The name of the endpoint label with the agent's own names (default {@code endpoint}). */
  public String endpointLabel() {
    return endpointLabel;
  }

  /** The naming profile these options select. */
  public NamingProfile namingProfile() {
    switch (naming) {
      case "otel":
        return NamingProfile.otel(
            serviceName != null
                ? serviceName
                : NamingProfile.defaultServiceName(System.getProperty("sun.java.command")));
      case "micrometer":
        return NamingProfile.micrometer();
      default:
        return NamingProfile.prometheus(endpointLabel, statusGroups);
    }
  }

  /** What the HTTP metrics record, as these options say. */
  public HttpMetricsOptions httpMetrics() {
    return HttpMetricsOptions.DEFAULTS
        .withNaming(namingProfile())
        .withBuckets(bucketsGiven ? buckets : null)
        .withMaxEndpoints(maxEndpoints)
        .withExcluded(exclude)
        .withStatusGroups(statusGroups)
        .withExemplars(exemplars)
        .withSizes(sizes)
        .withNativeHistograms(nativeHistograms);
  }

  /** Whether and how the histograms keep native buckets too (protobuf exposition only). */
  public NativeHistogramOptions nativeHistograms() {
    return nativeHistograms;
  }

  /**
   * Whether the exporter serves the live page at {@code /} and runs its sampler (on by default).
   */
  public boolean ui() {
    return ui;
  }

  /** The PKCS12 keystore the exporter serves HTTPS with, or null for plain HTTP. */
  public String tlsKeystore() {
    return tlsKeystore;
  }

  /** Requests the exporter works on at once; more wait briefly or are refused. */
  public int exporterMaxRequests() {
    return exporterMaxRequests;
  }

  /** Seconds a client has to send a whole request (line and headers) to the exporter. */
  public int exporterReadTimeout() {
    return exporterReadTimeout;
  }

  /** Seconds one exporter request may take, from its first byte to its answer's last. */
  public int exporterRequestTimeout() {
    return exporterRequestTimeout;
  }

  /** The user scrapers must authenticate as (HTTP basic auth), or null for no authentication. */
  public String authUser() {
    return authUser;
  }

  /**
   * Reads the keystore password from its environment variable or file. Called where the exporter
   * starts, in the JVM it runs in, so that no secret is kept in this object or passed on by attach.
   *
   * @throws AgentConfigException naming the option and the variable or file, never the secret
   * @throws IllegalStateException if no keystore is configured
   */
  public char[] readTlsKeystorePassword(Map<String, String> env) throws AgentConfigException {
    if (tlsKeystorePassword == null) {
      throw new IllegalStateException("no tls_keystore");
    }
    return tlsKeystorePassword.read(env).toCharArray();
  }

  /** Reads the basic-auth password; see {@link #readTlsKeystorePassword}. */
  public String readAuthPassword(Map<String, String> env) throws AgentConfigException {
    if (authPassword == null) {
      throw new IllegalStateException("no auth_user");
    }
    return authPassword.read(env);
  }

  /** The option that holds the keystore password, e.g. {@code tls_keystore_password_env=X}. */
  public String tlsKeystorePasswordSource() {
    return tlsKeystorePassword == null ? null : tlsKeystorePassword.describe();
  }

  /**
   * The agent argument string that reproduces this configuration (used by attach). It names the
   * variables and files that hold passwords, never a password.
   */
  public String toAgentArgs() {
    StringBuilder b = new StringBuilder();
    b.append("port=").append(port).append(",host=").append(host);
    if (bucketsGiven) {
      b.append(",buckets=");
      for (int i = 0; i < buckets.length; i++) {
        b.append(i == 0 ? "" : "|").append(buckets[i]);
      }
    }
    if (!"prometheus".equals(naming)) {
      b.append(",naming=").append(naming);
    }
    if (serviceName != null) {
      b.append(",service_name=").append(serviceName);
    }
    if (!startTimestamps) {
      b.append(",start_timestamps=false");
    }
    if (!DEFAULT_ENDPOINT_LABEL.equals(endpointLabel)) {
      b.append(",label_endpoint=").append(endpointLabel);
    }
    b.append(",max_endpoints=").append(maxEndpoints);
    if (!exclude.isEmpty()) {
      b.append(",exclude=");
      String sep = "";
      for (String t : exclude) {
        b.append(sep).append(t);
        sep = "|";
      }
    }
    if (statusGroups) {
      b.append(",status_groups=true");
    }
    if (!exemplars) {
      b.append(",exemplars=false");
    }
    if (sizes) {
      b.append(",sizes=true");
    }
    appendNativeHistograms(b);
    if (!ui) {
      b.append(",ui=false");
    }
    if (tlsKeystore != null) {
      b.append(",tls_keystore=")
          .append(tlsKeystore)
          .append(',')
          .append(tlsKeystorePassword.describe());
    }
    if (authUser != null) {
      b.append(",auth_user=").append(authUser).append(',').append(authPassword.describe());
    }
    if (exporterMaxRequests != DEFAULT_EXPORTER_MAX_REQUESTS) {
      b.append(",exporter_max_requests=").append(exporterMaxRequests);
    }
    if (exporterReadTimeout != DEFAULT_EXPORTER_READ_TIMEOUT) {
      b.append(",exporter_read_timeout=").append(exporterReadTimeout);
    }
    if (exporterRequestTimeout != DEFAULT_EXPORTER_REQUEST_TIMEOUT) {
      b.append(",exporter_request_timeout=").append(exporterRequestTimeout);
    }
    return b.toString();
  }

  private void appendNativeHistograms(StringBuilder b) {
    NativeHistogramOptions n = nativeHistograms;
    NativeHistogramOptions d = NativeHistogramOptions.DEFAULTS;
    if (!n.enabled()) {
      b.append(",native_histograms=false");
    }
    if (n.initialSchema() != d.initialSchema()) {
      b.append(",native_initial_schema=").append(n.initialSchema());
    }
    if (n.maxBuckets() != d.maxBuckets()) {
      b.append(",native_max_buckets=").append(n.maxBuckets());
    }
    if (n.minZeroThreshold() != d.minZeroThreshold()) {
      b.append(",native_min_zero_threshold=").append(n.minZeroThreshold());
    }
    if (n.maxZeroThreshold() != d.maxZeroThreshold()) {
      b.append(",native_max_zero_threshold=").append(n.maxZeroThreshold());
    }
  }

  @Override
  public String toString() {
    return toAgentArgs();
  }

  /**
   * The fields of an {@link AgentConfig} while {@link #parse} fills them, starting from the
   * defaults; each option's value replaces its default.
   */
  private static final class Builder {
    int port = DEFAULT_PORT;
    String host = "0.0.0.0";
    double[] buckets = DEFAULT_BUCKETS.clone();
    int maxEndpoints = HttpMetricsOptions.DEFAULT_MAX_ENDPOINTS;
    Set<String> exclude = Collections.<String>emptySet();
    boolean statusGroups = false;
    boolean exemplars = true;
    boolean sizes = false;
    String tlsKeystore;
    SecretSource tlsKeystorePassword;
    String authUser;
    SecretSource authPassword;
    NativeHistogramOptions nativeHistograms = NativeHistogramOptions.DEFAULTS;
    Double nativeMinZero; // the client's rules tie the two thresholds: combined after all options
    Double nativeMaxZero;
    int exporterMaxRequests = DEFAULT_EXPORTER_MAX_REQUESTS;
    int exporterReadTimeout = DEFAULT_EXPORTER_READ_TIMEOUT;
    int exporterRequestTimeout = DEFAULT_EXPORTER_REQUEST_TIMEOUT;
    boolean ui = true;
    boolean bucketsGiven;
    String naming = "prometheus";
    String serviceName;
    boolean startTimestamps = true;
    String endpointLabel = DEFAULT_ENDPOINT_LABEL;

    /** Sets {@code o} from {@code s}, checked alone; checks across options follow in parse. */
    void set(Option o, Source s) throws AgentConfigException {
      switch (o) {
        case PORT:
          port = parseInt(Option.PORT, s, 1, 65535);
          break;
        case HOST:
          host = parseHost(s);
          break;
        case BUCKETS:
          buckets = parseBuckets(s);
          bucketsGiven = true;
          break;
        case NAMING:
          naming = parseNaming(s);
          break;
        case SERVICE_NAME:
          serviceName = parseServiceName(s);
          break;
        case START_TIMESTAMPS:
          startTimestamps = parseBoolean(Option.START_TIMESTAMPS, s);
          break;
        case LABEL_ENDPOINT:
          endpointLabel = parseLabelName(Option.LABEL_ENDPOINT, s, "method", "status_code", "le");
          break;
        case MAX_ENDPOINTS:
          maxEndpoints = parseInt(Option.MAX_ENDPOINTS, s, 1, 100_000);
          break;
        case EXCLUDE:
          exclude = parseExclude(s);
          break;
        case STATUS_GROUPS:
          statusGroups = parseBoolean(Option.STATUS_GROUPS, s);
          break;
        case EXEMPLARS:
          exemplars = parseBoolean(Option.EXEMPLARS, s);
          break;
        case SIZES:
          sizes = parseBoolean(Option.SIZES, s);
          break;
        case UI:
          ui = parseBoolean(Option.UI, s);
          break;
        case TLS_KEYSTORE:
          parsePath(Option.TLS_KEYSTORE, s, "the path of a PKCS12 keystore file");
          break;
        case TLS_KEYSTORE_PASSWORD_ENV:
        case AUTH_PASSWORD_ENV:
          parseEnvName(o, s);
          break;
        case TLS_KEYSTORE_PASSWORD_FILE:
        case AUTH_PASSWORD_FILE:
          parsePath(o, s, "the path of a file holding the password");
          break;
        case AUTH_USER:
          parseUser(s);
          break;
          // native histograms: the client's histogram_native_* properties, by shorter names
        case NATIVE_HISTOGRAMS:
          nativeHistograms =
              nativeHistograms.withEnabled(parseBoolean(Option.NATIVE_HISTOGRAMS, s));
          break;
        case NATIVE_INITIAL_SCHEMA:
          nativeHistograms =
              nativeHistograms.withInitialSchema(parseInt(Option.NATIVE_INITIAL_SCHEMA, s, -4, 8));
          break;
        case NATIVE_MAX_BUCKETS:
          nativeHistograms =
              nativeHistograms.withMaxBuckets(
                  parseInt(
                      Option.NATIVE_MAX_BUCKETS, s, 1, NativeHistogramOptions.MAX_MAX_BUCKETS));
          break;
        case NATIVE_MIN_ZERO_THRESHOLD:
          nativeMinZero = parseZeroThreshold(Option.NATIVE_MIN_ZERO_THRESHOLD, s);
          break;
        case NATIVE_MAX_ZERO_THRESHOLD:
          nativeMaxZero = parseZeroThreshold(Option.NATIVE_MAX_ZERO_THRESHOLD, s);
          break;
        case EXPORTER_MAX_REQUESTS:
          exporterMaxRequests = parseInt(Option.EXPORTER_MAX_REQUESTS, s, 8, 4096);
          break;
        case EXPORTER_READ_TIMEOUT:
          exporterReadTimeout = parseSeconds(Option.EXPORTER_READ_TIMEOUT, s);
          break;
        case EXPORTER_REQUEST_TIMEOUT:
          exporterRequestTimeout = parseSeconds(Option.EXPORTER_REQUEST_TIMEOUT, s);
          break;
        default:
          throw new AssertionError(o);
      }
    }
  }
}
