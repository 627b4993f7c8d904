package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A flood on the exporter port must not hurt the host: 150 connections that send half a request
 * and hold, plus 50 clients scraping in a loop. The app keeps answering, its latency stays within
 * a stated factor, and the exporter adds a bounded number of threads however many connect.
 */
@Isolated // it measures the app's latency: with no other test class running
class ExporterFloodIT {
  /** Stated bound: app median latency during the flood <= FACTOR x before + SLACK. */
  static final int FACTOR = 5;

  static final Duration SLACK = Duration.ofMillis(25);

  /**
   * The JDK server's dispatcher and timer, the exporter's watchdog, slack for JIT/GC threads, and
   * the exchanges' threads: on JDK 24+ virtual (a few carriers and pollers), before 24 one
   * platform thread per held request up to exporter_max_requests (docs/security.md).
   */
  static final int MAX_EXTRA_THREADS =
      ExporterAttackIT.feature(Artifacts.javaHome()) >= 24
          ? ExporterAttackIT.VIRTUAL_EXTRA_THREADS
          : ExporterAttackIT.MAX_REQUESTS + 12;

  @Test
  void theAppIsUnaffectedAndThreadsStayBounded() throws Exception {
    int metricsPort = FreePort.find();
    ChildJvm app =
        ChildJvm.builder("ExporterFloodIT", "demo")
            .agent("port=" + metricsPort + ",host=127.0.0.1")
            .jar(Artifacts.demoAppJar())
            .args("--port", "0", "--host", "127.0.0.1")
            .start();
    List<Socket> held = new ArrayList<>();
    ExecutorService scrapers = Executors.newFixedThreadPool(50);
    AtomicBoolean flooding = new AtomicBoolean(true);
    try {
      Http http =
          new Http(
              Integer.parseInt(
                  app.awaitStdout("demo-app listening on http://localhost:(\\d+)").group(1)));
      app.awaitStderr("serving metrics on");
      Scrape.of(metricsPort); // the exporter's threads exist before we count them
      long before = medianNanos(http, 200);
      int threadsBefore = threads(app.pid());

      for (int i = 0; i < 150; i++) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), metricsPort);
        OutputStream out = s.getOutputStream();
        out.write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        held.add(s);
      }
      for (int i = 0; i < 50; i++) {
        scrapers.execute(
            () -> {
              while (flooding.get()) {
                try {
                  new Http(metricsPort).get("/metrics");
                } catch (RuntimeException | AssertionError stalledOrRefused) {
                  // expected while the pool is held; the point is the app, not the scrape
                }
              }
            });
      }
      Thread.sleep(1000);
      long during = medianNanos(http, 200);
      int threadsDuring = threads(app.pid());

      assertTrue(
          threadsDuring <= threadsBefore + MAX_EXTRA_THREADS,
          "threads grew from " + threadsBefore + " to " + threadsDuring);
      long bound = FACTOR * before + SLACK.toNanos();
      assertTrue(
          during <= bound,
          "app median latency " + during / 1000 + " us during the flood, before " + before / 1000
              + " us, bound " + bound / 1000 + " us");
      System.err.printf(
          "ExporterFloodIT: app median %d us before, %d us during; threads %d -> %d%n",
          before / 1000, during / 1000, threadsBefore, threadsDuring);
    } finally {
      flooding.set(false);
      for (Socket s : held) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing
        }
      }
      scrapers.shutdownNow();
      scrapers.awaitTermination(60, TimeUnit.SECONDS);
    }
    try {
      // once the slow clients are gone the exporter serves again (connections it dropped
      // while its queue was full may still be reused by the client and fail once)
      Scrape s = scrapeWithin(metricsPort, Duration.ofSeconds(30));
      assertTrue(s.sum("http_requests_total") >= 400, s.text());
      assertEquals(200, new Http(metricsPort).get("/-/healthy").status());
    } finally {
      app.destroy();
    }
  }

  private static Scrape scrapeWithin(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return Scrape.of(port);
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private static long medianNanos(Http http, int n) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      assertEquals(200, http.get("/health").status());
      t[i] = System.nanoTime() - start;
    }
    Arrays.sort(t);
    return t[n / 2];
  }

  private static int threads(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("Threads:")) {
        return Integer.parseInt(line.substring(8).trim());
      }
    }
    throw new AssertionError("no Threads: line for " + pid);
  }
}
