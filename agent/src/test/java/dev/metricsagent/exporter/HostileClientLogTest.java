package dev.metricsagent.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** At most one line a minute, however many incidents; the first one at once. */
class HostileClientLogTest {
  @Test
  void oneLineAMinuteAtMost() {
    List<String> lines = new ArrayList<>();
    HostileClientLog log = new HostileClientLog(lines::add, "limits");
    long t = 0;
    log.flush(t);
    assertEquals(0, lines.size(), "nothing to say");
    log.readTimeout();
    log.flush(t);
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).contains("closed 1 whose request did not arrive in time"), lines.get(0));
    for (int second = 1; second < 60; second++) {
      for (int i = 0; i < 1000; i++) {
        log.readTimeout();
        log.requestTimeout();
        log.evicted();
        log.refused();
        log.unread();
      }
      log.flush(t + TimeUnit.SECONDS.toNanos(second));
    }
    assertEquals(1, lines.size(), "a minute has not passed");
    log.flush(t + TimeUnit.SECONDS.toNanos(60));
    assertEquals(2, lines.size());
    assertEquals(
        "slow or hostile clients on the metrics port: closed 59000 whose request did not arrive in"
            + " time, 59000 not done in time, 59000 slow ones to make room, refused 59000 (all"
            + " busy); 59000 answers not taken [limits]; at most one such line a minute; see"
            + " docs/security.md",
        lines.get(1));
    log.flush(t + TimeUnit.SECONDS.toNanos(200));
    assertEquals(2, lines.size(), "quiet: nothing to say");
  }
}
