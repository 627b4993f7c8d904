package dev.metricsagent.core;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * {@code process_threads}: the operating system's thread count for this process, read from
 * {@code /proc/self/status} at scrape time. The Prometheus Java library does not export it. Where
 * the OS gives no such count the metric is left out rather than filled with the JVM's count
 * (Prometheus's guidance: omit rather than export inaccurate values; {@code jvm_threads_current}
 * already has the JVM's view).
 */
public final class ProcessThreadsMetric {
  private final File status;

  public ProcessThreadsMetric(File status) {
    this.status = status;
  }

  /** Registers the gauge if the OS reports a thread count; returns whether it did. */
  public static boolean register(PrometheusProperties props, PrometheusRegistry registry) {
    return new ProcessThreadsMetric(new File("/proc/self/status")).registerOn(props, registry);
  }

  boolean registerOn(PrometheusProperties props, PrometheusRegistry registry) {
    if (read() < 0) {
      return false;
    }
    GaugeWithCallback.builder(props)
        .name("process_threads")
        .help("Number of OS threads in the process.")
        .callback(
            cb -> {
              long n = read();
              if (n >= 0) {
                cb.call(n);
              }
            })
        .register(registry);
    return true;
  }

  /** The {@code Threads:} line of the status file, or -1 when there is none. */
  long read() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(new FileInputStream(status), StandardCharsets.US_ASCII))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("Threads:")) {
          return Long.parseLong(line.substring("Threads:".length()).trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
