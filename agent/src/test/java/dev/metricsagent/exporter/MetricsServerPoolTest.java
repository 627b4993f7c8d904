package dev.metricsagent.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.config.AgentConfig;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 200 clients that connect, send half a request and hold the connection, plus real scrapes at
 * the same time: the exporter's threads stay bounded (its pool, the JDK server's dispatcher and
 * timer), scrapes succeed again once the slow clients are gone, and stop() leaves nothing behind.
 *
 * <p>What the JDK's HttpServer does with slow clients: a connection is handed to the pool as soon
 * as its first bytes arrive, and the pool thread then blocks reading the rest of the request. So
 * {@link MetricsServer#THREADS} slow clients occupy every thread, the next {@link
 * MetricsServer#QUEUE} wait, and the rest (real scrapes included) are closed unanswered until the
 * slow clients go. The test records how many scrapes got through during the hold and prints it.
 */
class MetricsServerPoolTest {
  private static final int SLOW_CLIENTS = 200;
  private static final int SCRAPES_DURING_HOLD = 8;

  /** The pool, the JDK server's dispatcher and idle timer, and slack for JVM housekeeping. */
  private static final int BOUND = MetricsServer.THREADS + 5;

  private static final byte[] PARTIAL =
      "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SCRAPE =
      "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  @Test
  void manySlowClientsDoNotGrowThreadsAndScrapesRecover() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    // the test's own threads exist before the baseline
    ExecutorService scrapers = Executors.newFixedThreadPool(SCRAPES_DURING_HOLD);
    ((ThreadPoolExecutor) scrapers).prestartAllCoreThreads();
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
            AgentConfig.parse("host=127.0.0.1,port=" + port, new Properties(), System.getenv()));
    List<Socket> slow = new ArrayList<>();
    int peak = threads.getThreadCount();
    try {
      assertTrue(MetricsServerTest.rawExchange(port, SCRAPE, 30_000).startsWith("HTTP/1.1 200"));

      int refused = 0;
      for (int i = 0; i < SLOW_CLIENTS; i++) {
        Socket s = new Socket();
        try {
          s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
          s.getOutputStream().write(PARTIAL);
          s.getOutputStream().flush();
          slow.add(s);
        } catch (IOException e) {
          refused++;
          s.close();
        }
        peak = Math.max(peak, threads.getThreadCount());
      }

      List<Future<String>> during = new ArrayList<>();
      for (int i = 0; i < SCRAPES_DURING_HOLD; i++) {
        during.add(scrapers.submit(() -> MetricsServerTest.rawExchange(port, SCRAPE, 10_000)));
      }
      long holdUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (System.nanoTime() < holdUntil) {
        peak = Math.max(peak, threads.getThreadCount());
        Thread.sleep(20);
      }
      List<String> extra = allThreadNames();
      extra.removeAll(before);
      int ok = 0;
      for (Future<String> f : during) {
        String reply = f.get(60, TimeUnit.SECONDS);
        peak = Math.max(peak, threads.getThreadCount());
        if (reply.startsWith("HTTP/1.1 200") && reply.contains("pool_test_total")) {
          ok++;
        }
      }
      System.out.println(
          "[MetricsServerPoolTest] " + slow.size() + " slow clients connected (" + refused
              + " refused), " + ok + "/" + SCRAPES_DURING_HOLD
              + " scrapes answered during the hold; threads: baseline " + baseline + ", peak "
              + peak + " (bound " + (baseline + BOUND) + "); new threads: " + extra);
      assertTrue(
          peak <= baseline + BOUND,
          "threads grew from " + baseline + " to " + peak);

      for (Socket s : slow) {
        s.close();
      }
      slow.clear();
      // right after the slow clients go, a scrape succeeds (retried: the pool drains first)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      String reply = "";
      while (System.nanoTime() < deadline) {
        reply = MetricsServerTest.rawExchange(port, SCRAPE, 10_000);
        if (reply.startsWith("HTTP/1.1 200")) {
          break;
        }
        Thread.sleep(100);
      }
      assertTrue(reply.startsWith("HTTP/1.1 200"), "no scrape succeeded after the hold: " + reply);
      assertTrue(reply.contains("pool_test_total 1.0"), reply);
    } finally {
      for (Socket s : slow) {
        s.close();
      }
      server.stop();
      scrapers.shutdownNow();
    }

    // everything is closed: port, the pool's threads, the server's dispatcher
    assertFalse(MetricsServerTestSupport.listening(port), "still listening on " + port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && exporterThreads() > 0) {
      Thread.sleep(100);
    }
    assertEquals(0, exporterThreads(), "exporter threads left: " + exporterThreadNames());
    assertTrue(scrapers.awaitTermination(30, TimeUnit.SECONDS));
    int after = threads.getThreadCount();
    assertTrue(after <= baseline + 1, "threads after stop: " + after + ", baseline " + baseline);
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
      if (t.isAlive() && (n.startsWith("metrics-agent-http-") || n.startsWith("HTTP-Dispatcher"))) {
        names.add(n);
      }
    }
    return names;
  }
}
