package dev.metricsagent.exporter;

import dev.metricsagent.AgentLog;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what the exporter did against slow or hostile clients and says so in at most one line
 * a minute: the first incident at once, then a summary per minute while they go on. A scanner
 * or a slowloris client must not be able to fill the host's log.
 */
final class HostileClientLog {
  static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  interface Sink {
    void line(String message);
  }

  private final Sink sink;
  private final String limits;
  private final AtomicLong readTimeouts = new AtomicLong();
  private final AtomicLong requestTimeouts = new AtomicLong();
  private final AtomicLong evicted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong unread = new AtomicLong();
  private final AtomicLong linesWritten = new AtomicLong();
  private long lastLineNanos;
  private boolean anyLine;

  HostileClientLog(Sink sink, String limits) {
    this.sink = sink;
    this.limits = limits;
  }

  static HostileClientLog toAgentLog(String limits) {
    return new HostileClientLog(AgentLog::warn, limits);
  }

  void readTimeout() {
    readTimeouts.incrementAndGet();
  }

  void requestTimeout() {
    requestTimeouts.incrementAndGet();
  }

  void evicted() {
    evicted.incrementAndGet();
  }

  void refused() {
    refused.incrementAndGet();
  }

  /** An answer the client did not take (closed, reset, or closed by a deadline). */
  void unread() {
    unread.incrementAndGet();
  }

  long lines() {
    return linesWritten.get();
  }

  /** Writes the pending counts if there are any and the last line is a minute old. */
  synchronized void flush(long nowNanos) {
    if (anyLine && nowNanos - lastLineNanos < INTERVAL_NANOS) {
      return;
    }
    long read = readTimeouts.getAndSet(0);
    long request = requestTimeouts.getAndSet(0);
    long evict = evicted.getAndSet(0);
    long refuse = refused.getAndSet(0);
    long notTaken = unread.getAndSet(0);
    if (read + request + evict + refuse + notTaken == 0) {
      return;
    }
    anyLine = true;
    lastLineNanos = nowNanos;
    linesWritten.incrementAndGet();
    sink.line(
        "slow or hostile clients on the metrics port: closed "
            + read + " whose request did not arrive in time, "
            + request + " not done in time, "
            + evict + " slow ones to make room, refused "
            + refuse + " (all busy); " + notTaken + " answers not taken [" + limits
            + "]; at most one such line a minute;"
            + " see docs/security.md");
  }
}
