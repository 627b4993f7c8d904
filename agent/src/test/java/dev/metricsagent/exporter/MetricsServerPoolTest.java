package dev.metricsagent.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.config.AgentConfig;
import dev.metricsagent.testapps.hostile.HostileClients;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 200 clients that send half a request and reconnect whenever they are closed, 20 that never
 * read their answers, and real scrapes at the same time, against a server with far fewer places
 * (32) than attackers: every scrape is answered (the slowest arrivals are closed to make room,
 * and after {@code exporter_read_timeout} in any case), the exporter's threads stay within its
 * cap, and stop() leaves nothing behind.
 */
class MetricsServerPoolTest {
  private static final int SLOW_CLIENTS = 200;
  private static final int NEVER_READ = 20;
  private static final int MAX_REQUESTS = 32;
  private static final int SCRAPES_DURING_HOLD = 30;

  /** The cap, the JDK server's dispatcher and idle timer, the watchdog, and slack for the JVM. */
  private static final int BOUND = MAX_REQUESTS + 6;

  private static final byte[] SCRAPE =
      "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  @Test
  void slowClientsCannotStopScrapesAndThreadsStayBounded() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter.builder().name("pool_test_total").help("x").register(registry).inc();
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Thread.sleep(200);
    int baseline = threads.getThreadCount();
    List<String> before = allThreadNames();

    MetricsServer server =
        MetricsServer.start(
            PrometheusProperties.builder().build(),
            registry,
            AgentConfig.parse(
                "host=127.0.0.1,port=" + port + ",exporter_max_requests=" + MAX_REQUESTS
                    + ",exporter_read_timeout=2,exporter_request_timeout=4",
                new Properties(),
                System.getenv()));
    int peak = threads.getThreadCount();
    try {
      assertTrue(MetricsServerTest.rawExchange(port, SCRAPE, 30_000).startsWith("HTTP/1.1 200"));
      int ok = 0;
      long worst = 0;
      // the hostile thread is the test's own: counted in the baseline by name, not in the bound
      try (HostileClients h = HostileClients.start(port, SLOW_CLIENTS, 0, NEVER_READ, 1000)) {
        // the scrapes below run while every attacker holds a connection
        awaitTrue(() -> h.connects() >= SLOW_CLIENTS + NEVER_READ, "attackers connected");
        for (int i = 0; i < SCRAPES_DURING_HOLD; i++) {
          long t0 = System.nanoTime();
          String reply = MetricsServerTest.rawExchange(port, SCRAPE, 10_000);
          worst = Math.max(worst, System.nanoTime() - t0);
          if (reply.startsWith("HTTP/1.1 200") && reply.contains("pool_test_total")) {
            ok++;
          }
          peak = Math.max(peak, threads.getThreadCount() - 1);
          Thread.sleep(150);
        }
        System.out.println(
            "[MetricsServerPoolTest] " + ok + "/" + SCRAPES_DURING_HOLD + " scrapes answered"
                + " during the attack (slowest " + worst / 1_000_000 + " ms); attackers: "
                + h.connects() + " connections, " + h.closedByServer() + " closed by the server;"
                + " threads: baseline " + baseline + ", peak " + peak + " (bound "
                + (baseline + BOUND) + "); exporter on " + server.executor().threadKind()
                + ", peak running " + server.executor().peakRunning());
        // each slow client is closed when its request timeout (4 s) passes
        awaitTrue(() -> h.closedByServer() >= SLOW_CLIENTS, "slow clients closed by the server");
      }
      assertEquals(SCRAPES_DURING_HOLD, ok, "scrapes answered during the attack");
      assertTrue(peak <= baseline + BOUND, "threads grew from " + baseline + " to " + peak);
      assertTrue(server.executor().peakRunning() <= MAX_REQUESTS);
    } finally {
      server.stop();
    }

    // everything is closed: port, the exporter's threads, the server's dispatcher
    assertFalse(MetricsServerTestSupport.listening(port), "still listening on " + port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && exporterThreads() > 0) {
      Thread.sleep(100);
    }
    assertEquals(0, exporterThreads(), "exporter threads left: " + exporterThreadNames());
    int after = threads.getThreadCount();
    List<String> extra = allThreadNames();
    extra.removeAll(before);
    assertTrue(
        after <= baseline + 1, "threads after stop: " + after + ", baseline " + baseline + extra);
  }

  private static List<String> allThreadNames() {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      names.add(t.getName());
    }
    return names;
  }

  private static int exporterThreads() {
    return exporterThreadNames().size();
  }

  private static List<String> exporterThreadNames() {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String n = t.getName();
      if (t.isAlive() && (n.startsWith("metrics-agent-http-") || n.startsWith("HTTP-Dispatcher") || n.equals("idle-timeout-task"))) {
        names.add(n);
      }
    }
    return names;
  }

  /** Polls {@code condition} for up to 30 s; fails with {@code what} if it never holds. */
  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within 30 s: " + what);
      Thread.sleep(50);
    }
  }
}
