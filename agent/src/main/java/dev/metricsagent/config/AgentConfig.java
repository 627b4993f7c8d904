package dev.metricsagent.config;

import dev.metricsagent.core.Endpoints;
import dev.metricsagent.core.HttpMetricsOptions;
import dev.metricsagent.core.NativeHistogramOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

  /** Exporter limits against slow and hostile clients (docs/security.md, "Slow clients"). */
  public static final int DEFAULT_EXPORTER_MAX_REQUESTS = 256;

  public static final int DEFAULT_EXPORTER_READ_TIMEOUT = 5;
  public static final int DEFAULT_EXPORTER_REQUEST_TIMEOUT = 10;

  /** The Prometheus client's default classic buckets, in seconds. */
  public static final double[] DEFAULT_BUCKETS = HttpMetricsOptions.DEFAULT_BUCKETS;

  private final int port;
  private final String host;
  private final double[] buckets;
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

  private AgentConfig(
      int port,
      String host,
      double[] buckets,
      int maxEndpoints,
      Set<String> exclude,
      boolean statusGroups,
      boolean exemplars,
      boolean sizes,
      String tlsKeystore,
      SecretSource tlsKeystorePassword,
      String authUser,
      SecretSource authPassword,
      NativeHistogramOptions nativeHistograms,
      int exporterMaxRequests,
      int exporterReadTimeout,
      int exporterRequestTimeout,
      boolean ui) {
    this.port = port;
    this.host = host;
    this.buckets = buckets;
    this.maxEndpoints = maxEndpoints;
    this.exclude = exclude;
    this.statusGroups = statusGroups;
    this.exemplars = exemplars;
    this.sizes = sizes;
    this.tlsKeystore = tlsKeystore;
    this.tlsKeystorePassword = tlsKeystorePassword;
    this.authUser = authUser;
    this.authPassword = authPassword;
    this.nativeHistograms = nativeHistograms;
    this.exporterMaxRequests = exporterMaxRequests;
    this.exporterReadTimeout = exporterReadTimeout;
    this.exporterRequestTimeout = exporterRequestTimeout;
    this.ui = ui;
  }

  public static AgentConfig defaults() {
    return new AgentConfig(
        DEFAULT_PORT,
        "0.0.0.0",
        DEFAULT_BUCKETS.clone(),
        HttpMetricsOptions.DEFAULT_MAX_ENDPOINTS,
        Collections.<String>emptySet(),
        false,
        true,
        false,
        null,
        null,
        null,
        null,
        NativeHistogramOptions.DEFAULTS,
        DEFAULT_EXPORTER_MAX_REQUESTS,
        DEFAULT_EXPORTER_READ_TIMEOUT,
        DEFAULT_EXPORTER_REQUEST_TIMEOUT,
        true);
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
    Set<String> exclude = d.exclude;
    boolean statusGroups = d.statusGroups;
    boolean exemplars = d.exemplars;
    boolean sizes = d.sizes;
    Double nativeMinZero = null; // the client's rules tie the two thresholds: applied below
    Double nativeMaxZero = null;
    NativeHistogramOptions nativeHistograms = d.nativeHistograms;
    int exporterMaxRequests = d.exporterMaxRequests;
    int exporterReadTimeout = d.exporterReadTimeout;
    int exporterRequestTimeout = d.exporterRequestTimeout;
    boolean ui = d.ui;
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
          parseEnvName(e.getKey(), s);
          break;
        case TLS_KEYSTORE_PASSWORD_FILE:
        case AUTH_PASSWORD_FILE:
          parsePath(e.getKey(), s, "the path of a file holding the password");
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
          throw new AssertionError(e.getKey());
      }
    }
    nativeHistograms = zeroThresholds(nativeHistograms, nativeMinZero, nativeMaxZero, values);
    String tlsKeystore = value(values, Option.TLS_KEYSTORE);
    SecretSource tlsPassword =
        secretSource(
            values,
            Option.TLS_KEYSTORE,
            Option.TLS_KEYSTORE_PASSWORD_ENV,
            Option.TLS_KEYSTORE_PASSWORD_FILE,
            "the keystore password");
    String authUser = value(values, Option.AUTH_USER);
    SecretSource authPassword =
        secretSource(
            values, Option.AUTH_USER, Option.AUTH_PASSWORD_ENV, Option.AUTH_PASSWORD_FILE,
            "the password");
    if (exporterReadTimeout > exporterRequestTimeout) {
      throw new AgentConfigException(
          "invalid option exporter_read_timeout=" + exporterReadTimeout + " with"
              + " exporter_request_timeout=" + exporterRequestTimeout + ": the time to receive a"
              + " request (seconds) cannot exceed the time for the whole request");
    }
    return new AgentConfig(
        port,
        host,
        buckets,
        maxEndpoints,
        exclude,
        statusGroups,
        exemplars,
        sizes,
        tlsKeystore,
        tlsPassword,
        authUser,
        authPassword,
        nativeHistograms,
        exporterMaxRequests,
        exporterReadTimeout,
        exporterRequestTimeout,
        ui);
  }

  private static double parseZeroThreshold(Option o, Source s) throws AgentConfigException {
    try {
      double v = Double.parseDouble(s.value.trim());
      if (v >= 0 && !Double.isInfinite(v)) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw invalid(o, s, "a number >= 0 in the histogram's unit (seconds, bytes), e.g. 0.0001");
  }

  /** Both thresholds, as the client's {@code Histogram} combines them; min above max is refused. */
  private static NativeHistogramOptions zeroThresholds(
      NativeHistogramOptions n, Double min, Double max, Map<Option, Source> values)
      throws AgentConfigException {
    if (min == null && max == null) {
      return n;
    }
    if (min != null && max != null && min > max) {
      throw new AgentConfigException(
          "option " + Option.NATIVE_MIN_ZERO_THRESHOLD.key + "=" + min + " (from "
              + values.get(Option.NATIVE_MIN_ZERO_THRESHOLD).origin + ") is above "
              + Option.NATIVE_MAX_ZERO_THRESHOLD.key + "=" + max + " (from "
              + values.get(Option.NATIVE_MAX_ZERO_THRESHOLD).origin + ")");
    }
    return n.withZeroThresholds(
        min != null ? min : n.minZeroThreshold(), max != null ? max : n.maxZeroThreshold());
  }

  private static String value(Map<Option, Source> values, Option o) {
    Source s = values.get(o);
    return s == null ? null : s.value.trim();
  }

  /**
   * The password source of {@code owner} ({@code tls_keystore} or {@code auth_user}): exactly one
   * of {@code env} and {@code file} when the owner is set, neither when it is not.
   */
  private static SecretSource secretSource(
      Map<Option, Source> values, Option owner, Option env, Option file, String what)
      throws AgentConfigException {
    Source o = values.get(owner);
    Source e = values.get(env);
    Source f = values.get(file);
    if (e != null && f != null) {
      throw new AgentConfigException(
          "options " + env.key + " (from " + e.origin + ") and " + file.key + " (from " + f.origin
              + ") are both set: give " + what + " for " + owner.key + " from one of them only");
    }
    Source given = e != null ? e : f;
    Option givenOption = e != null ? env : file;
    if (o == null && given != null) {
      throw new AgentConfigException(
          "option " + givenOption.key + " (from " + given.origin + ") is set but " + owner.key
              + " is not: set " + owner.key + " too, or remove " + givenOption.key);
    }
    if (o != null && given == null) {
      throw new AgentConfigException(
          "option " + owner.key + " (from " + o.origin + ") needs " + what + ": set "
              + env.key + "=<name of an environment variable holding it> or " + file.key
              + "=<path of a file holding it> (never the password itself)");
    }
    return given == null
        ? null
        : new SecretSource(givenOption.key, given.value.trim(), given.origin, e != null);
  }

  private static Set<String> parseExclude(Source s) throws AgentConfigException {
    Set<String> out = new LinkedHashSet<String>();
    for (String part : s.value.split("\\|", -1)) {
      String t = part.trim();
      if (t.isEmpty() || !isPrintableWithoutSpace(t) || t.indexOf(',') >= 0) {
        throw invalid(
            Option.EXCLUDE, s, "route templates separated by '|', e.g. /health|/metrics");
      }
      out.add(Endpoints.normaliseTemplate(t)); // as the endpoint label: /health/ is /health
    }
    return Collections.unmodifiableSet(out);
  }

  private static boolean parseBoolean(Option o, Source s) throws AgentConfigException {
    String v = s.value.trim().toLowerCase(Locale.ROOT);
    if ("true".equals(v)) {
      return true;
    }
    if ("false".equals(v)) {
      return false;
    }
    throw invalid(o, s, "true or false");
  }

  private static void parsePath(Option o, Source s, String accepted) throws AgentConfigException {
    if (s.value.trim().isEmpty()) {
      throw invalid(o, s, accepted);
    }
  }

  private static void parseEnvName(Option o, Source s) throws AgentConfigException {
    String name = s.value.trim();
    if (name.isEmpty() || Character.isDigit(name.charAt(0)) || !lettersDigitsOr(name, "_")) {
      throw invalid(
          o, s, "the name of an environment variable (letters, digits, '_'), e.g. METRICS_PASSWORD");
    }
  }

  private static void parseUser(Source s) throws AgentConfigException {
    String u = s.value.trim();
    if (u.isEmpty() || u.indexOf(':') >= 0 || !isPrintableWithoutSpace(u)) {
      throw invalid(Option.AUTH_USER, s, "a user name without spaces or ':'");
    }
  }

  private static boolean isPrintableWithoutSpace(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return false;
      }
    }
    return true;
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
        // exclude=/health,/metrics: the comma ended the option; say how to list templates
        String hint = p.startsWith("/") ? " (separate exclude templates with '|', e.g. exclude=/health|/metrics)" : "";
        throw new AgentConfigException(
            "invalid agent argument '" + p + "': expected key=value, keys: " + Option.keys() + hint);
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

  private static int parseSeconds(Option o, Source s) throws AgentConfigException {
    try {
      return parseInt(o, s, 1, 3600);
    } catch (AgentConfigException e) {
      throw invalid(o, s, "a whole number of seconds 1..3600, e.g. " + o.key + "=10");
    }
  }

  /** Only ASCII letters and digits, and the characters of {@code others}. */
  private static boolean lettersDigitsOr(String s, String others) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              || others.indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String parseHost(Source s) throws AgentConfigException {
    String h = s.value.trim();
    if (h.isEmpty() || !lettersDigitsOr(h, ".:-[]%")) { // no regex: premain loads no Pattern
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

  /** What the HTTP metrics record, as these options say. */
  public HttpMetricsOptions httpMetrics() {
    return HttpMetricsOptions.DEFAULTS
        .withBuckets(buckets)
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

  /** Whether the exporter serves the live page at {@code /} and runs its sampler (on by default). */
  public boolean ui() {
    return ui;
  }

  /** The PKCS12 keystore the exporter serves HTTPS with, or null for plain HTTP. */
  public String tlsKeystore() {
    return tlsKeystore;
  }

  /** The user scrapers must authenticate as (HTTP basic auth), or null for no authentication. */
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

  public String authUser() {
    return authUser;
  }

  /**
   * Reads the keystore password from its environment variable or file. Called where the exporter
   * starts, in the JVM it runs in, so that no secret is kept in this object or passed on by
   * attach.
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
    b.append("port=").append(port).append(",host=").append(host).append(",buckets=");
    for (int i = 0; i < buckets.length; i++) {
      b.append(i == 0 ? "" : "|").append(buckets[i]);
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
      b.append(",tls_keystore=").append(tlsKeystore).append(',').append(tlsKeystorePassword.describe());
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

  /** The options, their keys (the same in every source) and their defaults. */
  enum Option {
    PORT("port"),
    HOST("host"),
    BUCKETS("buckets"),
    MAX_ENDPOINTS("max_endpoints"),
    EXCLUDE("exclude"),
    STATUS_GROUPS("status_groups"),
    EXEMPLARS("exemplars"),
    SIZES("sizes"),
    TLS_KEYSTORE("tls_keystore"),
    TLS_KEYSTORE_PASSWORD_ENV("tls_keystore_password_env"),
    TLS_KEYSTORE_PASSWORD_FILE("tls_keystore_password_file"),
    AUTH_USER("auth_user"),
    AUTH_PASSWORD_ENV("auth_password_env"),
    AUTH_PASSWORD_FILE("auth_password_file"),
    NATIVE_HISTOGRAMS("native_histograms"),
    NATIVE_INITIAL_SCHEMA("native_initial_schema"),
    NATIVE_MAX_BUCKETS("native_max_buckets"),
    NATIVE_MIN_ZERO_THRESHOLD("native_min_zero_threshold"),
    NATIVE_MAX_ZERO_THRESHOLD("native_max_zero_threshold"),
    EXPORTER_MAX_REQUESTS("exporter_max_requests"),
    EXPORTER_READ_TIMEOUT("exporter_read_timeout"),
    EXPORTER_REQUEST_TIMEOUT("exporter_request_timeout"),
    UI("ui");

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
      if (key.endsWith("password")) {
        // auth_password=..., tls_keystore_password=...: never echo the value, point to the way
        throw new AgentConfigException(
            "unknown option '" + key + "' (from " + origin + "): passwords are never given as"
                + " options: use " + key + "_env=<VARIABLE> or " + key + "_file=<path>");
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

  /** Where a password is: an environment variable or a file; holds the name, not the secret. */
  private static final class SecretSource {
    final String optionKey;
    final String name;
    final String origin;
    final boolean env;

    SecretSource(String optionKey, String name, String origin, boolean env) {
      this.optionKey = optionKey;
      this.name = name;
      this.origin = origin;
      this.env = env;
    }

    String describe() {
      return optionKey + "=" + name;
    }

    String read(Map<String, String> environment) throws AgentConfigException {
      String where = "option " + optionKey + " (from " + origin + "): ";
      if (env) {
        String v = environment.get(name);
        if (v == null || v.isEmpty()) {
          throw new AgentConfigException(
              where + "environment variable " + name + " is not set or is empty");
        }
        return v;
      }
      String v;
      try {
        v = new String(Files.readAllBytes(Paths.get(name)), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new AgentConfigException(where + "cannot read password file '" + name + "': no such file");
      } catch (IOException | RuntimeException e) {
        throw new AgentConfigException(where + "cannot read password file '" + name + "': " + e);
      }
      // A file written by echo or an editor ends with a newline; it is not part of the password.
      int end = v.length();
      while (end > 0 && (v.charAt(end - 1) == '\n' || v.charAt(end - 1) == '\r')) {
        end--;
      }
      if (end == 0) {
        throw new AgentConfigException(where + "password file '" + name + "' is empty");
      }
      return v.substring(0, end);
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
