package dev.metricsagent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessThreadsMetricTest {
  @TempDir Path dir;

  private static double scrapeThreads(PrometheusRegistry registry) {
    for (MetricSnapshot s : registry.scrape()) {
      if (s.getMetadata().getName().equals("process_threads")) {
        return ((GaugeSnapshot) s).getDataPoints().get(0).getValue();
      }
    }
    throw new AssertionError("process_threads not exported");
  }

  @Test
  void readsTheThreadsLineAtScrapeTime() throws Exception {
    Path status = dir.resolve("status");
    Files.writeString(status, "Name:\tjava\nState:\tS (sleeping)\nThreads:\t17\nSigQ:\t0/1\n");
    PrometheusRegistry registry = new PrometheusRegistry();
    assertTrue(new ProcessThreadsMetric(status.toFile()).registerOn(PrometheusProperties.builder().build(), registry));
    assertEquals(17, scrapeThreads(registry));
    Files.writeString(status, "Name:\tjava\nThreads:\t23\n");
    assertEquals(23, scrapeThreads(registry));
  }

  @Test
  void leftOutWhereTheOsGivesNoCount() {
    PrometheusRegistry registry = new PrometheusRegistry();
    boolean registered =
        new ProcessThreadsMetric(new File(dir.toFile(), "missing"))
            .registerOn(PrometheusProperties.builder().build(), registry);
    assertFalse(registered);
    assertTrue(registry.scrape().stream().noneMatch(s -> s.getMetadata().getName().equals("process_threads")));
  }

  @Test
  void realProcOnLinux() {
    File proc = new File("/proc/self/status");
    if (!proc.canRead()) {
      System.err.println("SKIPPED realProcOnLinux: no /proc/self/status on this OS");
      return;
    }
    long n = new ProcessThreadsMetric(proc).read();
    assertTrue(n >= Thread.activeCount(), "OS threads " + n + " < live Java threads");
  }
}
