package dev.metricsagent.bridge;

/**
 * One finished request, as {@link HttpRecorder#record} gets it. A synchronous request hands over
 * its thread's instance ({@link RequestState}), refilled for each request, so recording
 * allocates nothing; an async request has its own. Valid only during the {@code record} call.
 */
public final class CompletedRequest {
  private Object route;
  private String method;
  private String template;
  private int status;
  private long durationNanos;
  private String traceparent;
  private long requestBytes = -1;
  private long responseBytes = -1;
  private int connection;
  private String exception;

  CompletedRequest set(
      Object route,
      String method,
      String template,
      int status,
      long durationNanos,
      String traceparent,
      String exception) {
    this.route = route;
    this.method = method;
    this.template = template;
    this.status = status;
    this.durationNanos = durationNanos;
    this.traceparent = traceparent;
    this.requestBytes = -1;
    this.responseBytes = -1;
    this.connection = ConnectionReader.UNKNOWN;
    this.exception = exception;
    return this;
  }

  /**
   * An async request's status and duration, known at its completion; a static handler's error
   * (no such file) is no file served: unmatched.
   */
  void ended(int status, long durationNanos) {
    if (template == Requests.STATIC_RESOURCE && status >= 400) {
      template = null;
    }
    this.status = status;
    this.durationNanos = durationNanos;
  }

  /** A route found late, at an async request's completion ({@link AsyncRequest}). */
  void named(String method, String template) {
    this.method = method;
    this.template = template;
  }

  void sizes(long requestBytes, long responseBytes) {
    this.requestBytes = requestBytes;
    this.responseBytes = responseBytes;
  }

  void connection(int connection) {
    this.connection = connection;
  }

  /**
   * What {@link HttpRecorder#routeStarted} returned for this request (the recorder ends its
   * in-progress count and records on it without a lookup), or null when it was not called.
   */
  public Object route() {
    return route;
  }

  /** The HTTP method as the framework routed it (any case), else the request's own; may be null. */
  public String method() {
    return method;
  }

  /**
   * The matched route template, {@link Requests#STATIC_RESOURCE}, or null when no route matched.
   */
  public String template() {
    return template;
  }

  /** The status code the client received. */
  public int status() {
    return status;
  }

  /** Monotonic duration of the outermost hooked call (to the async completion, if async). */
  public long durationNanos() {
    return durationNanos;
  }

  /** The request's W3C {@code traceparent} header, or null (also when exemplars are off). */
  public String traceparent() {
    return traceparent;
  }

  /** Request body size, or -1 when unknown or sizes are off. */
  public long requestBytes() {
    return requestBytes;
  }

  /** Response body size, or -1 when unknown or sizes are off. */
  public long responseBytes() {
    return responseBytes;
  }

  /**
   * Scheme and protocol version ({@link ConnectionReader}'s code), 0 when unknown or not read (no
   * naming profile labels them).
   */
  public int connection() {
    return connection;
  }

  /** The simple class name of an exception the request's handling threw, or null. */
  public String exception() {
    return exception;
  }
}
