package dev.metricsagent.core;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * What {@link HttpMetrics} records and how: one immutable value, built from the agent's options
 * (or changed from {@link #DEFAULTS} in tests and benchmarks).
 *
 * <pre>{@code
 * new HttpMetrics(props, registry, HttpMetricsOptions.DEFAULTS.withMaxEndpoints(50).withSizes(true));
 * }</pre>
 */
public final class HttpMetricsOptions {
  /** The Prometheus client's default classic buckets, in seconds. */
  public static final double[] DEFAULT_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0
  };

  public static final int DEFAULT_MAX_ENDPOINTS = 1000;

  /** The agent's defaults: client buckets, 1000 endpoints, exemplars and native buckets on. */
  public static final HttpMetricsOptions DEFAULTS =
      new HttpMetricsOptions(
          null,
          DEFAULT_MAX_ENDPOINTS,
          Collections.<String>emptySet(),
          false,
          true,
          false,
          NativeHistogramOptions.DEFAULTS,
          null);

  private final double[] buckets; // null: the naming profile's
  private final int maxEndpoints;
  private final Set<String> excluded;
  private final boolean statusGroups;
  private final boolean exemplars;
  private final boolean sizes;
  private final NativeHistogramOptions nativeHistograms;
  private final NamingProfile naming; // null: the agent's own names

  private HttpMetricsOptions(
      double[] buckets,
      int maxEndpoints,
      Set<String> excluded,
      boolean statusGroups,
      boolean exemplars,
      boolean sizes,
      NativeHistogramOptions nativeHistograms,
      NamingProfile naming) {
    this.buckets = buckets == null ? null : buckets.clone();
    this.maxEndpoints = maxEndpoints;
    this.excluded = Collections.unmodifiableSet(new HashSet<String>(excluded));
    this.statusGroups = statusGroups;
    this.exemplars = exemplars;
    this.sizes = sizes;
    this.nativeHistograms = nativeHistograms;
    this.naming = naming;
  }

  /** Classic bucket upper bounds of the duration histogram, in seconds (null: the profile's). */
  public HttpMetricsOptions withBuckets(double[] b) {
    return new HttpMetricsOptions(
        b, maxEndpoints, excluded, statusGroups, exemplars, sizes, nativeHistograms, naming);
  }

  /** Distinct endpoint labels before new ones are recorded as {@code overflow}. */
  public HttpMetricsOptions withMaxEndpoints(int n) {
    return new HttpMetricsOptions(
        buckets, n, excluded, statusGroups, exemplars, sizes, nativeHistograms, naming);
  }

  /**
   * Route templates (normalised as {@link Endpoints#normaliseTemplate}) whose requests are not
   * recorded; {@link Endpoints#UNMATCHED} and {@link Endpoints#STATIC} exclude those two.
   */
  public HttpMetricsOptions withExcluded(Set<String> templates) {
    return new HttpMetricsOptions(
        buckets, maxEndpoints, templates, statusGroups, exemplars, sizes, nativeHistograms, naming);
  }

  /**
   * {@code status_code} is {@code 1xx}..{@code 5xx} (and {@code other}), not the exact code
   * (the agent's own names only).
   */
  public HttpMetricsOptions withStatusGroups(boolean on) {
    return new HttpMetricsOptions(
        buckets, maxEndpoints, excluded, on, exemplars, sizes, nativeHistograms, naming);
  }

  /** A request's {@code traceparent} becomes an exemplar of its duration. */
  public HttpMetricsOptions withExemplars(boolean on) {
    return new HttpMetricsOptions(
        buckets, maxEndpoints, excluded, statusGroups, on, sizes, nativeHistograms, naming);
  }

  /** Request and response body sizes are recorded too. */
  public HttpMetricsOptions withSizes(boolean on) {
    return new HttpMetricsOptions(
        buckets, maxEndpoints, excluded, statusGroups, exemplars, on, nativeHistograms, naming);
  }

  /** Whether and how the histograms also keep native buckets (protobuf exposition only). */
  public HttpMetricsOptions withNativeHistograms(NativeHistogramOptions n) {
    return new HttpMetricsOptions(
        buckets, maxEndpoints, excluded, statusGroups, exemplars, sizes, n, naming);
  }

  /** The names and labels: {@link NamingProfile#prometheus} (the default) or another profile. */
  public HttpMetricsOptions withNaming(NamingProfile n) {
    return new HttpMetricsOptions(
        buckets, maxEndpoints, excluded, statusGroups, exemplars, sizes, nativeHistograms, n);
  }

  NamingProfile naming() {
    return naming != null ? naming : NamingProfile.prometheus(PrometheusNaming.DEFAULT_ENDPOINT_LABEL, statusGroups);
  }

  double[] buckets() {
    return buckets != null ? buckets.clone() : naming().defaultBuckets();
  }

  int maxEndpoints() {
    return maxEndpoints;
  }

  Set<String> excluded() {
    return excluded;
  }

  boolean statusGroups() {
    return statusGroups;
  }

  boolean exemplars() {
    return exemplars;
  }

  boolean sizes() {
    return sizes;
  }

  NativeHistogramOptions nativeHistograms() {
    return nativeHistograms;
  }
}
