package dev.metricsagent.core;

/**
 * Spring Boot Actuator's names (Micrometer, Spring Framework 6 observation conventions): {@code
 * http_server_requests_seconds{method, uri, status, outcome, exception, error}} as a histogram
 * with Micrometer's percentile-histogram buckets (1 ms to 30 s) and {@code
 * http_server_requests_seconds_max}, the largest duration of the last two minutes.
 *
 * <p>{@code uri}: the template ({@code /} for the root, as Actuator 3 shows a {@code "/"}
 * mapping); Actuator's special values where it has them: for a request no route matched {@code REDIRECTION} (3xx), {@code
 * NOT_FOUND} (404) or {@code UNKNOWN}. A static file is {@code /**}, the pattern of Spring's own
 * resource handler; past the {@code max_endpoints} cap, {@code overflow}.
 */
final class MicrometerNaming extends NamingProfile {
  /** Micrometer's percentile histogram buckets of a timer: 1 ms .. 30 s, in seconds. */
  static final double[] PERCENTILE_BUCKETS = percentileBuckets(1_000_000L, 30_000_000_000L);

  @Override
  public String name() {
    return "micrometer";
  }

  @Override
  String durationName() {
    return "http_server_requests_seconds";
  }

  @Override
  String durationHelp() {
    return "Duration of HTTP server request handling";
  }

  @Override
  String[] durationLabelNames() {
    return new String[] {"method", "uri", "status", "outcome", "exception", "error"};
  }

  @Override
  boolean durationPerRoute() {
    return false;
  }

  @Override
  String[] durationLabelValues(
      String method, String endpoint, int status, int connection, String exception) {
    String e = exception == null ? "none" : exception;
    return new String[] {
      method, uri(endpoint, status), statusText(status, "UNKNOWN"), outcome(status), e, e
    };
  }

  static String uri(String endpoint, int status) {
    if (Endpoints.UNMATCHED.equals(endpoint)) {
      if (status >= 300 && status < 400) {
        return "REDIRECTION";
      }
      return status == 404 ? "NOT_FOUND" : "UNKNOWN";
    }
    if (Endpoints.STATIC.equals(endpoint)) {
      return "/**";
    }
    return endpoint.isEmpty() ? "root" : endpoint; // never empty once normalised: "/" stays "/"
  }

  static String outcome(int status) {
    if (status >= 100 && status < 200) {
      return "INFORMATIONAL";
    } else if (status >= 200 && status < 300) {
      return "SUCCESS";
    } else if (status >= 300 && status < 400) {
      return "REDIRECTION";
    } else if (status >= 400 && status < 500) {
      return "CLIENT_ERROR";
    } else if (status >= 500 && status < 600) {
      return "SERVER_ERROR";
    }
    return "UNKNOWN";
  }

  @Override
  public double[] defaultBuckets() {
    return PERCENTILE_BUCKETS.clone();
  }

  @Override
  String maxName() {
    return "http_server_requests_seconds_max";
  }

  @Override
  boolean usesException() {
    return true;
  }

  @Override
  String inProgressName() {
    return "http_server_requests_active_seconds_active_count";
  }

  @Override
  String inProgressHelp() {
    return "HTTP server requests in progress, from route match to response.";
  }

  @Override
  String routeInfoName() {
    return "http_server_requests_route_info";
  }

  @Override
  String sizeName(String what) {
    return "http_server_" + what + "_size_bytes";
  }

  @Override
  String[] routeLabelNames() {
    return new String[] {"method", "uri"};
  }

  @Override
  String routeLabelValue(String endpoint) {
    return uri(endpoint, 200);
  }

  /**
   * Micrometer's {@code PercentileHistogramBuckets}: 1, 2, 3, then from each power of 4 upwards
   * in steps of a third of it, clipped to [min, max] nanoseconds, plus min and max themselves
   * (as {@code DistributionStatisticConfig.getHistogramBuckets} adds them).
   */
  static double[] percentileBuckets(long minNanos, long maxNanos) {
    java.util.TreeSet<Long> all = new java.util.TreeSet<Long>();
    all.add(minNanos);
    all.add(maxNanos);
    all.add(1L);
    all.add(2L);
    all.add(3L);
    for (int exp = 2; exp < 64; exp += 2) {
      long current = 1L << exp;
      long delta = current / 3;
      long next = (current << 2) - delta;
      while (current < next) {
        all.add(current);
        current += delta;
      }
    }
    java.util.List<Double> in = new java.util.ArrayList<Double>();
    for (long b : all) {
      if (b >= minNanos && b <= maxNanos) {
        in.add(b / 1e9);
      }
    }
    double[] out = new double[in.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = in.get(i);
    }
    return out;
  }
}
