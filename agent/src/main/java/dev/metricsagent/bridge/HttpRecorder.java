package dev.metricsagent.bridge;

/**
 * What woven code reports for one finished HTTP request. Implemented by the agent core; lives on
 * the bootstrap class path so advice inlined into any class loader can reach it.
 *
 * <pre>{@code
 * Bridge.install(port, (method, template, status, nanos) -> ...);
 * }</pre>
 */
public interface HttpRecorder {

  /**
   * @param method the HTTP method as the framework routed it (any case), never {@code null}
   * @param template the matched route template, {@link Bridge#STATIC_RESOURCE}, or {@code null}
   *     when no route matched
   * @param status the status code the client received
   * @param durationNanos monotonic duration of the framework's handling
   */
  void record(String method, String template, int status, long durationNanos);
}
