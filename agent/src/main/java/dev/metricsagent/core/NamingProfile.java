package dev.metricsagent.core;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The names and labels of the HTTP metrics: one subclass per scheme people already query
 * ({@code naming=prometheus|otel|micrometer}). {@link HttpMetrics} keeps the hot path and asks
 * the profile only when it resolves a new series, so a profile costs nothing per request.
 *
 * <p>A series is resolved from our own facts: the method label ({@link HttpMethods}), the
 * endpoint ({@link Endpoints}: a template, {@code unmatched}, {@code static}, {@code overflow}),
 * the status the client got, the connection ({@link dev.metricsagent.bridge.ConnectionReader})
 * and an exception's simple class name. An empty label value is no label ({@link
 * StripedHistogram#labelsOf}).
 */
public abstract class NamingProfile {
  static final int MIN_STATUS = 100;
  static final int MAX_STATUS = 599;

  /** The names {@code naming} gives ({@code prometheus}, {@code otel}, {@code micrometer}). */
  public static final String[] NAMES = {"prometheus", "otel", "micrometer"};

  /** The agent's own names, with the endpoint label called {@code endpointLabel}. */
  public static NamingProfile prometheus(String endpointLabel, boolean statusGroups) {
    return new PrometheusNaming(endpointLabel, statusGroups);
  }

  /** OpenTelemetry's HTTP server convention; {@code target_info} names the service so. */
  public static NamingProfile otel(String serviceName) {
    return new OtelNaming(serviceName);
  }

  /** Spring Boot Actuator's (Micrometer's) names. */
  public static NamingProfile micrometer() {
    return new MicrometerNaming();
  }

  /**
   * OpenTelemetry's default {@code service_name} here: the main class, or the jar's name without
   * {@code .jar}, from the JVM's command ({@code sun.java.command}); {@code java} if unknown.
   */
  public static String defaultServiceName(String javaCommand) {
    if (javaCommand == null || javaCommand.trim().isEmpty()) {
      return "java";
    }
    String first = javaCommand.trim().split(" ", 2)[0];
    if (first.endsWith(".jar")) {
      first = first.substring(Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\')) + 1);
      return first.substring(0, first.length() - ".jar".length());
    }
    return first;
  }

  /** The value of {@code naming=}. */
  public abstract String name();

  /** A request counter's name, or null when the duration histogram's count is the count. */
  String requestsName() {
    return null;
  }

  String requestsHelp() {
    throw new UnsupportedOperationException();
  }

  String[] requestsLabelNames() {
    throw new UnsupportedOperationException();
  }

  String[] requestsLabelValues(String method, String endpoint, int status) {
    throw new UnsupportedOperationException();
  }

  abstract String durationName();

  abstract String durationHelp();

  abstract String[] durationLabelNames();

  /**
   * True: one duration series per (method, endpoint), whatever the status; false: one per
   * outcome (status, connection, exception), labelled by {@link #durationLabelValues}.
   */
  abstract boolean durationPerRoute();

  /**
   * The duration labels of a series; with {@link #durationPerRoute} only method and endpoint
   * count, the rest are 0 / null.
   */
  abstract String[] durationLabelValues(
      String method, String endpoint, int status, int connection, String exception);

  /** The classic buckets when the {@code buckets} option is not given, in seconds. */
  public abstract double[] defaultBuckets();

  /** The name of a gauge with each duration series' recent maximum, or null for none. */
  String maxName() {
    return null;
  }

  /** Whether the labels use the connection (scheme, protocol version). */
  public boolean usesConnection() {
    return false;
  }

  /** Whether the labels use the exception a request threw. */
  boolean usesException() {
    return false;
  }

  abstract String inProgressName();

  abstract String inProgressHelp();

  /** The route inventory's name without {@code _info}. */
  abstract String routeInfoName();

  /** {@code request} or {@code response} body size histogram's name. */
  abstract String sizeName(String what);

  /** Method and route label names of the in-progress, route inventory and size series. */
  abstract String[] routeLabelNames();

  /** The route label value of an endpoint in those series; empty leaves it out. */
  String routeLabelValue(String endpoint) {
    return endpoint;
  }

  /** Series about the app rather than its requests (OpenTelemetry's {@code target_info}). */
  void registerOwnSeries(PrometheusProperties props, PrometheusRegistry registry) {}

  /** Exact status as text, or {@code other} outside 100..599. */
  static String statusText(int status, String outOfRange) {
    return status >= MIN_STATUS && status <= MAX_STATUS ? STATUS_TEXT[status - MIN_STATUS] : outOfRange;
  }

  private static final String[] STATUS_TEXT = new String[MAX_STATUS - MIN_STATUS + 1];

  static {
    for (int s = MIN_STATUS; s <= MAX_STATUS; s++) {
      STATUS_TEXT[s - MIN_STATUS] = Integer.toString(s);
    }
  }
}
