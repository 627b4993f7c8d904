package dev.metricsagent.ui;

/**
 * The process figures of one snapshot, from the same collectors {@code /metrics} serves; {@code
 * NaN} where the platform has none (e.g. {@code process_threads} off Linux).
 */
final class ProcessSample {
  static final ProcessSample NONE =
      new ProcessSample(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, Double.NaN);

  final double startTimeSeconds; // process_start_time_seconds
  final double cpuSeconds; // process_cpu_seconds_total
  final double residentBytes; // process_resident_memory_bytes
  final double heapUsedBytes; // jvm_memory_used_bytes{area="heap"}
  final double heapMaxBytes; // jvm_memory_max_bytes{area="heap"}
  final double jvmThreads; // jvm_threads_current
  final double osThreads; // process_threads
  final double gcSeconds; // sum of jvm_gc_collection_seconds

  ProcessSample(
      double startTimeSeconds,
      double cpuSeconds,
      double residentBytes,
      double heapUsedBytes,
      double heapMaxBytes,
      double jvmThreads,
      double osThreads,
      double gcSeconds) {
    this.startTimeSeconds = startTimeSeconds;
    this.cpuSeconds = cpuSeconds;
    this.residentBytes = residentBytes;
    this.heapUsedBytes = heapUsedBytes;
    this.heapMaxBytes = heapMaxBytes;
    this.jvmThreads = jvmThreads;
    this.osThreads = osThreads;
    this.gcSeconds = gcSeconds;
  }
}
