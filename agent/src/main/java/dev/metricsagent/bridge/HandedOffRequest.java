package dev.metricsagent.bridge;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request handed off to another thread ({@link Bridge#requestAsync}): what its thread's {@link
 * RequestState} knew at that moment, and whether its end was recorded. One allocation per async
 * request; synchronous requests never create one.
 */
final class HandedOffRequest {
  final long start;
  final String routedMethod;
  final String template;
  final Object route;
  private final AtomicBoolean ended = new AtomicBoolean();

  HandedOffRequest(long start, String routedMethod, String template, Object route) {
    this.start = start;
    this.routedMethod = routedMethod;
    this.template = template;
    this.route = route;
  }

  /** True the first time only. */
  boolean end() {
    return ended.compareAndSet(false, true);
  }
}
