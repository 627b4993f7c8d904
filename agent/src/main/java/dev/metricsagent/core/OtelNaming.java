package dev.metricsagent.core;

import dev.metricsagent.bridge.ConnectionReader;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The stable OpenTelemetry HTTP server semantic convention as Prometheus stores it: {@code
 * http_server_request_duration_seconds{http_request_method, http_route,
 * http_response_status_code, url_scheme, error_type, network_protocol_version}} with the
 * convention's advisory buckets, and {@code target_info{service_name}}.
 *
 * <ul>
 *   <li>{@code http_request_method}: a method outside the known set is {@code _OTHER}.
 *   <li>{@code http_route}: left out when no route matched (also for a static file, and past the
 *       {@code max_endpoints} cap): the convention forbids a placeholder.
 *   <li>{@code error_type}: only on a server error, the 5xx status as text; a status outside
 *       100..599 (none was sent) gives the exception's class name, else {@code _OTHER}.
 *   <li>{@code url_scheme}, {@code network_protocol_version}: from the server's request object;
 *       left out where it cannot be read.
 * </ul>
 */
final class OtelNaming extends NamingProfile {
  /** The convention's advisory bucket boundaries for {@code http.server.request.duration}. */
  static final double[] ADVISORY_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10
  };

  private final String serviceName;

  OtelNaming(String serviceName) {
    this.serviceName = serviceName;
  }

  @Override
  public String name() {
    return "otel";
  }

  @Override
  String durationName() {
    return "http_server_request_duration_seconds";
  }

  @Override
  String durationHelp() {
    return "Duration of HTTP server requests.";
  }

  @Override
  String[] durationLabelNames() {
    return new String[] {
      "http_request_method", "http_route", "http_response_status_code", "url_scheme", "error_type",
      "network_protocol_version"
    };
  }

  @Override
  boolean durationPerRoute() {
    return false;
  }

  @Override
  String[] durationLabelValues(
      String method, String endpoint, int status, int connection, String exception) {
    boolean sent = status >= MIN_STATUS && status <= MAX_STATUS;
    String error = "";
    if (status >= 500 && sent) {
      error = statusText(status, "");
    } else if (!sent) {
      error = exception != null ? exception : "_OTHER";
    }
    return new String[] {
      method(method), routeLabelValue(endpoint), sent ? statusText(status, "") : "",
      scheme(connection), error, version(connection)
    };
  }

  static String method(String method) {
    return HttpMethods.OTHER.equals(method) ? "_OTHER" : method;
  }

  static String scheme(int connection) {
    switch (ConnectionReader.scheme(connection)) {
      case ConnectionReader.HTTP:
        return "http";
      case ConnectionReader.HTTPS:
        return "https";
      default:
        return "";
    }
  }

  static String version(int connection) {
    switch (ConnectionReader.version(connection)) {
      case ConnectionReader.HTTP_1_0:
        return "1.0";
      case ConnectionReader.HTTP_1_1:
        return "1.1";
      case ConnectionReader.HTTP_2:
        return "2";
      default:
        return "";
    }
  }

  @Override
  public double[] defaultBuckets() {
    return ADVISORY_BUCKETS.clone();
  }

  @Override
  public boolean usesConnection() {
    return true;
  }

  @Override
  boolean usesException() {
    return true;
  }

  @Override
  String inProgressName() {
    return "http_server_active_requests";
  }

  @Override
  String inProgressHelp() {
    return "Number of active HTTP server requests, from route match to response.";
  }

  @Override
  String routeInfoName() {
    return "http_server_route_info";
  }

  @Override
  String sizeName(String what) {
    return "http_server_" + what + "_body_size_bytes";
  }

  @Override
  String[] routeLabelNames() {
    return new String[] {"http_request_method", "http_route"};
  }

  @Override
  String routeLabelValue(String endpoint) {
    return Endpoints.UNMATCHED.equals(endpoint)
            || Endpoints.STATIC.equals(endpoint)
            || Endpoints.OVERFLOW.equals(endpoint)
        ? ""
        : endpoint;
  }

  @Override
  void registerOwnSeries(PrometheusProperties props, PrometheusRegistry registry) {
    Info.builder(props)
        .name("target_info")
        .help("Target metadata")
        .labelNames("service_name")
        .register(registry)
        .setLabelValues(serviceName);
  }
}
