package dev.metricsagent.exporter;

import dev.metricsagent.config.AgentConfig;

/**
 * The exporter's limits against slow and hostile clients, from the options {@code
 * exporter_max_requests}, {@code exporter_read_timeout} and {@code exporter_request_timeout}.
 */
final class ExporterLimits {
  static final ExporterLimits DEFAULT = of(AgentConfig.defaults());

  static final String THREAD_PREFIX = "metrics-agent-http-";

  final int maxRequests;
  final int readTimeoutSeconds;
  final int requestTimeoutSeconds;

  ExporterLimits(int maxRequests, int readTimeoutSeconds, int requestTimeoutSeconds) {
    this.maxRequests = maxRequests;
    this.readTimeoutSeconds = readTimeoutSeconds;
    this.requestTimeoutSeconds = requestTimeoutSeconds;
  }

  static ExporterLimits of(AgentConfig config) {
    return new ExporterLimits(
        config.exporterMaxRequests(),
        config.exporterReadTimeout(),
        config.exporterRequestTimeout());
  }

  /** A new executor with these limits, on the best threads this JVM has. */
  ExchangeExecutor executor() {
    return executor(ExchangeThreads.forThisJvm(THREAD_PREFIX, maxRequests));
  }

  ExchangeExecutor executor(ExchangeThreads threads) {
    return new ExchangeExecutor(
        maxRequests,
        readTimeoutSeconds * 1000L,
        requestTimeoutSeconds * 1000L,
        threads,
        HostileClientLog.toAgentLog(toString()),
        THREAD_PREFIX + "watchdog");
  }

  @Override
  public String toString() {
    return "exporter_max_requests=" + maxRequests + ", exporter_read_timeout="
        + readTimeoutSeconds + "s, exporter_request_timeout=" + requestTimeoutSeconds + "s";
  }
}
