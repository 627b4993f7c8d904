package dev.metricsagent.core;

/**
 * The agent's own names: {@code http_requests_total{method, endpoint, status_code}}, {@code
 * http_request_duration_seconds{method, endpoint}}, {@code http_requests_in_progress}, {@code
 * http_route_info}, {@code http_request_size_bytes}, {@code http_response_size_bytes}. The
 * endpoint label's name is an option ({@code label_endpoint}, default {@code endpoint}).
 */
final class PrometheusNaming extends NamingProfile {
  static final String DEFAULT_ENDPOINT_LABEL = "endpoint";

  private final String endpointLabel;
  private final boolean statusGroups;

  PrometheusNaming(String endpointLabel, boolean statusGroups) {
    this.endpointLabel = endpointLabel;
    this.statusGroups = statusGroups;
  }

  @Override
  public String name() {
    return "prometheus";
  }

  @Override
  String requestsName() {
    return "http_requests_total";
  }

  @Override
  String requestsHelp() {
    return "Total HTTP requests handled, by method, route template and status code.";
  }

  @Override
  String[] requestsLabelNames() {
    return new String[] {"method", endpointLabel, "status_code"};
  }

  @Override
  String[] requestsLabelValues(String method, String endpoint, int status) {
    String code;
    if (status < MIN_STATUS || status > MAX_STATUS) {
      code = "other";
    } else {
      code = statusGroups ? (status / 100) + "xx" : statusText(status, "other");
    }
    return new String[] {method, endpoint, code};
  }

  @Override
  String durationName() {
    return "http_request_duration_seconds";
  }

  @Override
  String durationHelp() {
    return "Duration of HTTP request handling in seconds, by method and route template.";
  }

  @Override
  String[] durationLabelNames() {
    return routeLabelNames();
  }

  @Override
  boolean durationPerRoute() {
    return true;
  }

  @Override
  String[] durationLabelValues(
      String method, String endpoint, int status, int connection, String exception) {
    return new String[] {method, endpoint};
  }

  @Override
  public double[] defaultBuckets() {
    return HttpMetricsOptions.DEFAULT_BUCKETS.clone();
  }

  @Override
  String inProgressName() {
    return "http_requests_in_progress";
  }

  @Override
  String inProgressHelp() {
    return "HTTP requests in progress, by method and route template, from route match to"
        + " response.";
  }

  @Override
  String routeInfoName() {
    return "http_route_info";
  }

  @Override
  String sizeName(String what) {
    return "http_" + what + "_size_bytes";
  }

  @Override
  String[] routeLabelNames() {
    return new String[] {"method", endpointLabel};
  }
}
