package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.testapps.hostile.HostileClients;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A real Prometheus scraping the agent every second (scrape_timeout 1 s, so a scrape slower than
 * 1 s counts as down) while 200 slow-header, 200 silent and 50 never-reading clients attack the
 * exporter for 15 s (past the exporter's 5 s read and 10 s request timeouts): {@code up} stays 1 for the whole window, every scrape took under 1 s, and
 * Prometheus has a sample for (nearly) every second of it.
 */
@Isolated // it times scrapes under attack: with no other test class running
class ExporterAttackStackIT {
  static final int SECONDS = 15;

  @Test
  void prometheusKeepsScrapingDuringTheAttack() throws Exception {
    Path bin = Stack.findTool("prometheus", "prometheus.bin", "/usr/bin/prometheus");
    Stack.assumeTool(bin, "prometheus", "prometheus.bin", "/usr/bin/prometheus");
    Path dir = Stack.workDir("exporter-attack");
    try (DemoApp app = DemoApp.start(dir)) {
      String instance = "127.0.0.1:" + app.metricsPort;
      Path config =
          Prometheus.writeConfig(
              Stack.repo("scripts/prometheus/prometheus.yml"), dir, instance, "1s");
      try (Prometheus prometheus = Prometheus.start(bin, config, dir)) {
        String up = "up{job=\"" + Stack.JOB + "\"}";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (prometheus.value(up) != 1.0) {
          assertTrue(System.nanoTime() < deadline, "target " + instance + " never up");
          Thread.sleep(500);
        }
        Thread.sleep(2000);
        Instant start;
        Instant end;
        long connects;
        try (HostileClients h = HostileClients.start(app.metricsPort, 200, 200, 50, 2000)) {
          start = Instant.now();
          Thread.sleep(SECONDS * 1000L);
          end = Instant.now();
          connects = h.connects();
        }
        // the last scrapes of the window land in the TSDB: wait for one taken after it
        long landed = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(prometheus.value("timestamp(" + up + ")") >= end.getEpochSecond() + 1)) {
          assertTrue(System.nanoTime() < landed, "no scrape after the attack reached Prometheus");
          Thread.sleep(250);
        }
        String at = " @ " + end.getEpochSecond();
        String window = "[" + (end.getEpochSecond() - start.getEpochSecond()) + "s]";
        double minUp = prometheus.value("min_over_time(" + up + window + at + ")");
        double samples = prometheus.value("count_over_time(" + up + window + at + ")");
        String duration = "scrape_duration_seconds{job=\"" + Stack.JOB + "\"}";
        double maxDuration = prometheus.value("max_over_time(" + duration + window + at + ")");
        double p50 =
            prometheus.value("quantile_over_time(0.5, " + duration + window + at + ")");
        System.err.printf(
            "ExporterAttackStackIT: %d s attack (%d attacker connections): min(up) %.0f, %.0f"
                + " samples, scrape_duration_seconds max %.3f s, median %.3f s%n",
            SECONDS, connects, minUp, samples, maxDuration, p50);
        assertEquals(1.0, minUp, "up dropped during the attack");
        assertTrue(samples >= SECONDS - 3, "only " + samples + " scrapes in " + SECONDS + " s");
        assertTrue(maxDuration < 1.0, "a scrape took " + maxDuration + " s");
      }
    }
  }
}
