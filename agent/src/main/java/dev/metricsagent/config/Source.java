package dev.metricsagent.config;

/** One option's value as given, and where it was given, which every error message names. */
final class Source {
  final String value;

  /** E.g. {@code agent argument port}, {@code system property -Dmetrics.agent.port}. */
  final String origin;

  Source(String value, String origin) {
    this.value = value;
    this.origin = origin;
  }
}
