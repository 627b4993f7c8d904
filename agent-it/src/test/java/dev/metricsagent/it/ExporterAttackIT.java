package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.testapps.hostile.HostileClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The exporter keeps answering Prometheus while slow, hostile and scanning clients hold it: the
 * demo app with the agent (default limits), on JDK 17 then JDK 25, gets 200 clients
 * that send their request headers a byte every 2 s, 200 that connect and send nothing, and 50
 * that send scrape after scrape and never read, all reconnecting whenever closed, for 15 s
 * ({@code -Dit.attackSeconds}: past the 5 s read and 10 s request timeouts). Meanwhile a scraper scrapes every second as Prometheus does (one
 * kept-alive connection) and a second one with a new connection each time.
 *
 * <p>Checked: every scrape answered, p99 (of Prometheus-like scrapes) under 1 s, the app's own
 * median latency within {@link ExporterFloodIT#FACTOR} of before, threads and RSS within the
 * documented bounds (docs/security.md, "Slow clients"), at most one log line a minute about
 * it, and all back to normal afterwards. Then, on the same children: 10,000 connect/close in a
 * burst, a request with a 1 MiB header and one with a 1 MiB query string are refused quickly and
 * leave no exchange behind.
 *
 * <p>Not in the JDK 25 pass of the ITs (it skips itself there, loudly): the default pass runs
 * both JDKs.
 */
@Isolated // it measures latency, threads and RSS: with no other test class running
class ExporterAttackIT {
  static final int SLOW = Integer.getInteger("it.attackSlow", 200);
  static final int SILENT = Integer.getInteger("it.attackSilent", 200);
  static final int NEVER_READ = Integer.getInteger("it.attackNeverRead", 50);
  static final int ATTACK_SECONDS = Integer.getInteger("it.attackSeconds", 15);

  /** Default exporter_max_requests: on JDK < 24 one platform thread each, at most. */
  static final int MAX_REQUESTS = 256;

  /** JDK 24+: virtual threads; the extra OS threads are the scheduler's carriers and pollers. */
  static final int VIRTUAL_EXTRA_THREADS = 24;

  /**
   * The app's heap, as a container-sized app would set it. The exporter retains little (live heap
   * after GC 11 MiB before, 15 MiB during the attack), but the garbage of the scrapes it serves
   * makes the JVM touch the heap it has committed: so RSS may grow by the heap, plus a thread
   * stack per running request on JDK < 24.
   */
  static final String HEAP = "-Xms128m -Xmx128m";

  /** RSS growth during the attack: the heap (128 MiB) and the threads' stacks, with slack. */
  static final long RSS_BOUND_BYTES = 192L << 20;

  /**
   * The burst stops after this long if the kernel has not let all connects through (it lets a
   * few hundred through in that time: the listen backlog is small, see docs/security.md).
   */
  static final long BURST_MAX_NANOS =
      TimeUnit.SECONDS.toNanos(Integer.getInteger("it.attackBurstSeconds", 5));

  static final Path JDK_25_HOME = JdkMatrixIT.JDK_25.getParent().getParent();

  @Test
  void scrapesAreAnsweredDuringTheAttackOnJdk17And25() throws Exception {
    if (System.getProperty("it.javaHome") != null) {
      System.err.println(
          "SKIPPED: ExporterAttackIT in the JDK 25 pass: the default pass runs it on JDK 17 and"
              + " on JDK 25");
      return;
    }
    List<Path> homes = new ArrayList<>(List.of(Artifacts.javaHome()));
    if (Boolean.getBoolean("it.attackJdk17Only")) {
      System.err.println("SKIPPED: ExporterAttackIT on JDK 25 (-Dit.attackJdk17Only)");
    } else if (Files.isExecutable(JdkMatrixIT.JDK_25)) {
      homes.add(JDK_25_HOME);
    } else {
      assertTrue(System.getenv("CI") == null, "CI must run ExporterAttackIT on JDK 25 too");
      System.err.println("SKIPPED: ExporterAttackIT on JDK 25: no " + JdkMatrixIT.JDK_25);
    }
    // one after the other: two attacked JVMs at once on a 2-vCPU machine measure the machine
    boolean parallel = Boolean.getBoolean("it.attackParallel");
    ExecutorService runs = Executors.newFixedThreadPool(parallel ? homes.size() : 1);
    List<Future<Scenario>> futures = new ArrayList<>();
    for (Path home : homes) {
      futures.add(runs.submit(() -> new Scenario(home).run()));
    }
    List<String> failures = new ArrayList<>();
    for (Future<Scenario> f : futures) {
      Scenario s = f.get(10, TimeUnit.MINUTES);
      System.err.println(s.report());
      failures.addAll(s.failures);
    }
    runs.shutdown();
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /** One child JVM through the whole sequence; records figures and failures, never throws. */
  static final class Scenario {
    final Path javaHome;
    final List<String> failures = new ArrayList<>();
    final List<String> figures = new ArrayList<>();
    String jdk = "?";

    Scenario(Path javaHome) {
      this.javaHome = javaHome;
    }

    String report() {
      return "ExporterAttackIT [" + jdk + "]\n  " + String.join("\n  ", figures)
          + (failures.isEmpty() ? "" : "\n  FAILED: " + String.join("\n  FAILED: ", failures));
    }

    void check(boolean ok, String what) {
      if (!ok) {
        failures.add("[" + jdk + "] " + what);
      }
    }

    Scenario run() {
      jdk = "JDK " + feature(javaHome);
      int metricsPort = FreePort.find();
      ChildJvm app =
          ChildJvm.builder("ExporterAttackIT", "demo-" + jdk)
              .javaHome(javaHome)
              .agent("port=" + metricsPort + ",host=127.0.0.1")
              .jvmArgs(System.getProperty("it.attackJvmArgs", HEAP).split(" "))
              .jar(Artifacts.demoAppJar())
              .args("--port", "0", "--host", "127.0.0.1")
              .start();
      try {
        attack(app, metricsPort);
      } catch (Throwable t) {
        failures.add("[" + jdk + "] " + t);
      } finally {
        app.destroy();
      }
      return this;
    }

    private void attack(ChildJvm app, int metricsPort) throws Exception {
      Http http =
          new Http(
              Integer.parseInt(
                  app.awaitStdout("demo-app listening on http://localhost:(\\d+)").group(1)));
      app.awaitStderr("serving metrics on");
      Scraper prometheus = new Scraper(metricsPort);
      check(prometheus.keptAlive() >= 0, "first scrape failed");
      long appBefore = medianNanos(http, 200);
      long pid = app.pid();
      int threadsBefore = status(pid, "Threads:");
      long rssBefore = status(pid, "VmRSS:") * 1024;

      List<Long> keptAlive = new ArrayList<>();
      List<Long> fresh = new ArrayList<>();
      int failedKeptAlive = 0;
      int failedFresh = 0;
      int threadsPeak = threadsBefore;
      long rssPeak = rssBefore;
      long appDuring = -1;
      long attackers;
      long closedByServer;
      try (HostileClients h = HostileClients.start(metricsPort, SLOW, SILENT, NEVER_READ, 2000)) {
        long start = System.nanoTime();
        for (int second = 0; second < ATTACK_SECONDS; second++) {
          long t = prometheus.keptAlive();
          if (t < 0) {
            failedKeptAlive++;
          } else {
            keptAlive.add(t);
          }
          t = prometheus.fresh();
          if (t < 0) {
            failedFresh++;
          } else {
            fresh.add(t);
          }
          threadsPeak = Math.max(threadsPeak, status(pid, "Threads:"));
          rssPeak = Math.max(rssPeak, status(pid, "VmRSS:") * 1024);
          if (second == ATTACK_SECONDS / 2) {
            appDuring = medianNanos(http, 100);
          }
          long next = start + TimeUnit.SECONDS.toNanos(second + 1);
          long sleep = next - System.nanoTime();
          if (sleep > 0) {
            TimeUnit.NANOSECONDS.sleep(sleep);
          }
        }
        attackers = h.connects();
        closedByServer = h.closedByServer();
        figures.add(
            "attack: " + SLOW + " slow-header + " + SILENT + " silent + " + NEVER_READ
                + " never-read clients for " + ATTACK_SECONDS + " s: " + attackers
                + " attacker connections, " + closedByServer + " closed by the exporter");
      }
      figures.add(
          "scrapes every second, one kept-alive connection (as Prometheus): "
              + keptAlive.size() + "/" + (keptAlive.size() + failedKeptAlive) + " answered, "
              + percentiles(keptAlive));
      figures.add(
          "scrapes every second, a new connection each: " + fresh.size() + "/"
              + (fresh.size() + failedFresh) + " answered, " + percentiles(fresh));
      figures.add(
          "app median latency: " + appBefore / 1000 + " us before, " + appDuring / 1000
              + " us during");
      figures.add(
          "threads: " + threadsBefore + " before, peak " + threadsPeak + " during; RSS "
              + (rssBefore >> 20) + " MiB before, peak " + (rssPeak >> 20) + " MiB during");
      check(failedKeptAlive == 0, failedKeptAlive + " Prometheus-like scrapes unanswered");
      check(failedFresh == 0, failedFresh + " new-connection scrapes unanswered");
      check(
          p99(keptAlive) < TimeUnit.SECONDS.toNanos(1),
          "p99 of Prometheus-like scrapes " + p99(keptAlive) / 1_000_000 + " ms, not under 1 s");
      long bound = ExporterFloodIT.FACTOR * appBefore + ExporterFloodIT.SLACK.toNanos();
      check(
          appDuring <= bound,
          "app median latency " + appDuring / 1000 + " us during the attack, bound "
              + bound / 1000 + " us");
      boolean virtual = feature(javaHome) >= 24;
      int threadBound = threadsBefore + (virtual ? VIRTUAL_EXTRA_THREADS : MAX_REQUESTS + 8);
      check(threadsPeak <= threadBound, "threads peaked at " + threadsPeak + ", bound " + threadBound);
      check(
          rssPeak - rssBefore <= RSS_BOUND_BYTES,
          "RSS grew by " + ((rssPeak - rssBefore) >> 20) + " MiB, bound "
              + (RSS_BOUND_BYTES >> 20));

      // afterwards: back to normal (idle platform threads end after 10 s)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
      int threadsAfter;
      while ((threadsAfter = status(pid, "Threads:")) > threadsBefore + 4
          && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
      long after = prometheus.keptAlive();
      figures.add(
          "after the attack: threads " + threadsAfter + ", scrape " + after / 1_000_000 + " ms");
      check(threadsAfter <= threadsBefore + 4, "threads did not come back: " + threadsAfter);
      check(after >= 0 && prometheus.fresh() >= 0, "no scrape after the attack");

      if (Boolean.getBoolean("it.attackOnly")) {
        return;
      }
      burst(metricsPort, prometheus);
      for (String what : List.of("header", "query")) {
        refused(metricsPort, what);
      }
      check(prometheus.fresh() >= 0, "no scrape after the huge requests");

      long lines =
          app.stderrLines().stream()
              .filter(l -> l.contains("slow or hostile clients on the metrics port"))
              .count();
      figures.add("log lines about hostile clients: " + lines);
      // the first incident at once, then at most one a minute: the whole run is under 2 minutes
      check(lines >= 1 && lines <= 2, lines + " log lines about hostile clients");
    }

    /** 10,000 connect/close from 8 threads while Prometheus-like scrapes go on. */
    private void burst(int port, Scraper prometheus) throws Exception {
      int total = 10_000;
      AtomicInteger done = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(1);
      long t0 = System.nanoTime();
      for (int i = 0; i < 1; i++) {
        pool.execute(
            () -> {
              while (done.getAndIncrement() < total && System.nanoTime() - t0 < BURST_MAX_NANOS) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                  s.setSoLinger(true, 0);
                } catch (IOException e) {
                  failed.incrementAndGet();
                }
              }
            });
      }
      pool.shutdown();
      List<Long> during = new ArrayList<>();
      int unanswered = 0;
      while (!pool.awaitTermination(1, TimeUnit.SECONDS)) { // Prometheus-like: once a second
        long t = prometheus.keptAlive();
        if (t < 0) {
          unanswered++;
        } else {
          during.add(t);
        }
      }
      long took = System.nanoTime() - t0;
      int connects = Math.min(total, done.get());
      figures.add(
          "burst: " + connects + " connect/close (reset) in " + took / 1_000_000 + " ms (" + failed.get()
              + " connects failed); scrapes meanwhile: " + during.size() + " answered, "
              + unanswered + " not, " + percentiles(during));
      check(unanswered == 0, unanswered + " scrapes unanswered during the burst");
      check(prometheus.fresh() >= 0, "no scrape after the burst");
    }

    /** A 1 MiB header or query string: closed or refused, quickly, not answered 200. */
    private void refused(int port, String what) throws Exception {
      char[] big = new char[1 << 20];
      Arrays.fill(big, 'a');
      String request =
          what.equals("header")
              ? "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + new String(big) + "\r\n\r\n"
              : "GET /metrics?q=" + new String(big) + " HTTP/1.1\r\nHost: x\r\n\r\n";
      long t0 = System.nanoTime();
      String answer = "";
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(30_000);
        AtomicBoolean writeFailed = new AtomicBoolean();
        Thread writer =
            new Thread(
                () -> {
                  try {
                    OutputStream out = s.getOutputStream();
                    out.write(request.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                  } catch (IOException e) {
                    writeFailed.set(true);
                  }
                });
        writer.start();
        try {
          InputStream in = s.getInputStream();
          byte[] b = in.readNBytes(64);
          answer = new String(b, StandardCharsets.ISO_8859_1);
        } catch (IOException reset) {
          answer = "(reset)";
        }
        writer.join(30_000);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      String first = answer.isEmpty() ? "(closed)" : answer.split("\r\n")[0];
      figures.add("1 MiB " + what + ": " + first + " after " + ms + " ms");
      check(!answer.startsWith("HTTP/1.1 200"), "a 1 MiB " + what + " was answered 200");
      check(ms < 10_000, "a 1 MiB " + what + " took " + ms + " ms to refuse");
    }
  }

  /** Prometheus-like (one kept-alive connection) and new-connection scrapes; -1 if unanswered. */
  static final class Scraper {
    final int port;
    final HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Scraper(int port) {
      this.port = port;
    }

    long keptAlive() {
      long t0 = System.nanoTime();
      try {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && r.body().contains("process_cpu_seconds_total")
            ? System.nanoTime() - t0
            : -1;
      } catch (IOException | InterruptedException e) {
        return -1;
      }
    }

    long fresh() {
      long t0 = System.nanoTime();
      try (Socket s = new Socket()) {
        s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        s.setSoTimeout(5000);
        s.getOutputStream()
            .write(
                "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        return r.startsWith("HTTP/1.1 200") && r.contains("process_cpu_seconds_total")
            ? System.nanoTime() - t0
            : -1;
      } catch (IOException e) {
        return -1;
      }
    }
  }

  static String percentiles(List<Long> nanos) {
    if (nanos.isEmpty()) {
      return "no samples";
    }
    long[] t = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format(
        "p50 %.1f ms, p99 %.1f ms, max %.1f ms",
        t[t.length / 2] / 1e6, p99(nanos) / 1e6, t[t.length - 1] / 1e6);
  }

  static long p99(List<Long> nanos) {
    if (nanos.isEmpty()) {
      return Long.MAX_VALUE;
    }
    long[] t = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return t[Math.min(t.length - 1, (int) Math.ceil(t.length * 0.99) - 1)];
  }

  static long medianNanos(Http http, int n) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      http.get("/health");
      t[i] = System.nanoTime() - start;
    }
    Arrays.sort(t);
    return t[n / 2];
  }

  /** The feature release of a JDK, from its {@code release} file (JAVA_VERSION="25.0.3"). */
  static int feature(Path javaHome) {
    try {
      for (String line : Files.readAllLines(javaHome.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          return Integer.parseInt(v.split("[.+-]")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // below
    }
    throw new AssertionError("cannot tell the Java version of " + javaHome);
  }

  /** A field of /proc/pid/status in its unit (Threads: a count, VmRSS: KiB). */
  static int status(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(field)) {
        return Integer.parseInt(line.substring(field.length()).trim().split("\\s+")[0]);
      }
    }
    throw new AssertionError("no " + field + " line for " + pid);
  }
}
