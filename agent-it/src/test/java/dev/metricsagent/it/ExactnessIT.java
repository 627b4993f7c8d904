package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Exact under load: 8 client threads send at least 100 000 requests to the Spark
 * fixture, and every {@code http_requests_total} series equals what the clients received, every
 * histogram {@code _count} (and {@code +Inf} bucket) the counter's sum for its method and
 * endpoint, while a scraper reads {@code /metrics} throughout.
 *
 * <p>The clients use {@link RawHttpConnection}, which never resends: a request whose connection
 * failed is "outcome unknown" and fails the test, since the server may or may not have handled
 * it. {@code -Dit.exactness.requests=N} runs a longer soak.
 */
@Isolated // saturates both vCPUs by itself; it runs alone
class ExactnessIT {
  private static final String REQUESTS = "http_requests_total";
  private static final String DURATION = "http_request_duration_seconds";

  private static final int THREADS = 8;
  private static final int TOTAL = Math.max(100_000, Integer.getInteger("it.exactness.requests", 0));
  private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(5);

  /** One kind of request, the status the fixture answers it with, and the labels it counts in. */
  private record Kind(
      String name,
      String method,
      IntFunction<String> path,
      String[] headers,
      int status,
      String labelMethod,
      String endpoint,
      int weight) {}

  private static Kind kind(
      String method, String path, int status, String labelMethod, String endpoint, int weight,
      String... headers) {
    return new Kind(
        method + " " + path + (headers.length > 0 ? " " + String.join(":", headers) : ""),
        method, i -> path, headers, status, labelMethod, endpoint, weight);
  }

  private static Kind kindAt(
      String method, String pathPrefix, int status, String labelMethod, String endpoint,
      int weight, String... headers) {
    return new Kind(
        method + " " + pathPrefix + "<n>" + (headers.length > 0 ? " " + String.join(":", headers) : ""),
        method, i -> pathPrefix + i, headers, status, labelMethod, endpoint, weight);
  }

  /**
   * The mix: several series share a label set through different requests (GET /trail and
   * /trail/, DELETE and POST with the override header), unmatched answers come from two places
   * (no route, no route for the method), and a filter's halt counts under its route. /boom is rare: Spark logs a
   * stack trace for each.
   */
  private static final List<Kind> KINDS =
      List.of(
          kind("GET", "/hello", 200, "GET", "/hello", 16),
          kind("HEAD", "/hello", 200, "HEAD", "/hello", 6),
          kindAt("GET", "/items/", 200, "GET", "/items/:id", 14),
          kindAt("PUT", "/items/", 200, "PUT", "/items/:id", 8),
          kindAt("DELETE", "/items/", 200, "DELETE", "/items/:id", 6),
          kindAt("POST", "/items/", 200, "DELETE", "/items/:id", 4,
              "X-HTTP-Method-Override", "DELETE"),
          kind("GET", "/api/v1/ping", 200, "GET", "/api/v1/ping", 4),
          kind("GET", "/trail", 200, "GET", "/trail", 3),
          kind("GET", "/trail/", 200, "GET", "/trail", 3),
          kind("GET", "/secure/data", 200, "GET", "/secure/data", 4, "X-Token", "t0ken"),
          kind("GET", "/secure/data", 401, "GET", "/secure/data", 4), // halted before routing
          kind("GET", "/things/0", 404, "GET", "/things/:id", 2), // the route's own 404
          kindAt("GET", "/no/such/page/", 404, "GET", "unmatched", 8),
          kindAt("PUT", "/no/such/page/", 404, "PUT", "unmatched", 3),
          kind("POST", "/hello", 404, "POST", "unmatched", 3),
          kind("GET", "/nothing", 404, "GET", "/nothing", 3),
          kind("GET", "/teapot", 418, "GET", "/teapot", 3),
          kind("GET", "/teapot-after", 202, "GET", "/teapot-after", 2),
          kind("GET", "/old", 302, "GET", "/old", 2),
          kind("GET", "/style.css", 200, "GET", "static", 2),
          kind("GET", "/boom", 500, "GET", "/boom", 1));

  /** What one client thread saw. */
  private static final class Tally {
    final SortedMap<String, Long> counted = new TreeMap<>();
    final SortedMap<String, Long> unknown = new TreeMap<>();
    final SortedMap<String, Long> unexpectedStatus = new TreeMap<>();
    long connections;
  }

  @Test
  void countersAndHistogramsEqualTheRequestsSentUnderConcurrentLoad() throws Exception {
    int metricsPort = FreePort.find();
    ChildJvm app =
        ChildJvm.builder(getClass().getSimpleName(), "fixture")
            .agent("port=" + metricsPort + ",host=127.0.0.1")
            .jar(Artifacts.sparkFixtureJar())
            .args("--port", "0")
            .start();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 2);
    try {
      int port =
          Integer.parseInt(app.awaitStdout("fixture listening on http://localhost:(\\d+)").group(1));
      app.awaitStderr("serving metrics on");

      List<Kind> cycle = new ArrayList<>();
      for (Kind k : KINDS) {
        for (int w = 0; w < k.weight(); w++) {
          cycle.add(k);
        }
      }
      int perThread = (TOTAL + THREADS - 1) / THREADS;
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<Future<Tally>> clients = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        clients.add(pool.submit(() -> runClient(port, thread, perThread, cycle, start)));
      }
      AtomicBoolean loadDone = new AtomicBoolean();
      Future<ScrapeLog> scraper = pool.submit(() -> scrapeDuringLoad(metricsPort, loadDone));
      Future<Lags> lagProbe = pool.submit(() -> recordLagDuringLoad(port, metricsPort, loadDone));

      SortedMap<String, Long> counted = new TreeMap<>();
      SortedMap<String, Long> unknown = new TreeMap<>();
      SortedMap<String, Long> unexpectedStatus = new TreeMap<>();
      long connections = 0;
      for (Future<Tally> f : clients) {
        Tally tally = f.get(LOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        tally.counted.forEach((k, v) -> counted.merge(k, v, Long::sum));
        tally.unknown.forEach((k, v) -> unknown.merge(k, v, Long::sum));
        tally.unexpectedStatus.forEach((k, v) -> unexpectedStatus.merge(k, v, Long::sum));
        connections += tally.connections;
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      loadDone.set(true);
      ScrapeLog scrapes = scraper.get(30, TimeUnit.SECONDS);
      Lags lags = lagProbe.get(60, TimeUnit.SECONDS);
      if (lags.sorted().length > 0) {
        counted.merge(LAG_PROBE_KEY, (long) lags.sorted().length, Long::sum);
      }
      long answered = counted.values().stream().mapToLong(Long::longValue).sum();
      long sent = answered + unknown.values().stream().mapToLong(Long::longValue).sum();
      System.out.printf(
          "ExactnessIT: %d requests (%d answered) on %d threads in %.1f s = %.0f req/s,"
              + " %d connections, %d scrapes during the load; CPU so far: app %.1f s, tests %.1f s;"
              + " app on %s%n",
          sent, answered, THREADS, seconds, sent / seconds, connections, scrapes.scrapes(),
          cpuSeconds(ProcessHandle.of(app.pid())), cpuSeconds(Optional.of(ProcessHandle.current())),
          Artifacts.javaHome());
      System.out.println("ExactnessIT: " + lags);
      assertTrue(lags.sorted().length > 0, "no lag probe completed during the load");
      assertTrue(
          lags.sorted()[lags.sorted().length - 1] < Scrape.PATIENCE.toNanos(),
          "a record came later than the tests wait for it: " + lags);

      // The agent records when Spark's handling returns, which can be just after the client read
      // the response: wait for the total, then look again to catch late extra counts.
      Scrape.await(metricsPort, s -> s.sum(REQUESTS) >= answered, Duration.ofSeconds(10));
      Thread.sleep(500);
      Scrape scrape = Scrape.of(metricsPort);

      SortedMap<String, Double> actual = scrape.seriesNamed(REQUESTS);
      String diff = diff(counted, actual);
      if (!unknown.isEmpty()) {
        fail(
            unknown.values().stream().mapToLong(Long::longValue).sum()
                + " requests had an unknown outcome (connection failed mid-exchange; the server"
                + " may or may not have handled them), so exact counts cannot be checked: "
                + unknown + "\ncounter differences (the unknown ones may explain them): " + diff);
      }
      assertEquals(Map.of(), unexpectedStatus, "requests answered with another status than expected");
      assertTrue(sent >= 100_000, "sent " + sent);
      assertEquals("", diff, "http_requests_total vs requests the clients got answers to");

      SortedMap<String, Double> byRoute = new TreeMap<>();
      for (Map.Entry<String, Double> e : actual.entrySet()) {
        Map<String, String> l = scrape.labelsOf(e.getKey());
        byRoute.merge(
            Scrape.key(DURATION + "_count", "method", l.get("method"), "endpoint", l.get("endpoint")),
            e.getValue(),
            Double::sum);
      }
      assertEquals(byRoute, Scrape.nonZero(scrape.seriesNamed(DURATION + "_count")), "histogram _count vs counter");
      SortedMap<String, Double> infBuckets = new TreeMap<>();
      for (Map.Entry<String, Double> e : scrape.seriesNamed(DURATION + "_bucket").entrySet()) {
        Map<String, String> l = scrape.labelsOf(e.getKey());
        if ("+Inf".equals(l.get("le"))) {
          infBuckets.put(
              Scrape.key(DURATION + "_count", "method", l.get("method"), "endpoint", l.get("endpoint")),
              e.getValue());
        }
      }
      assertEquals(byRoute, Scrape.nonZero(infBuckets), "+Inf buckets vs _count");
      assertEquals(List.of(), scrapes.problems(), "scrapes during the load");
      assertEquals(List.of(), app.agentLines().stream()
          .filter(l -> l.contains("WARNING") || l.contains("ERROR")).toList(), "agent warnings");
    } finally {
      pool.shutdownNow();
      app.destroy();
    }
  }

  /**
   * One client: one keep-alive connection, {@code perThread} requests from {@code cycle} starting
   * at an offset of its own, so threads send different kinds at the same moment.
   */
  private static Tally runClient(
      int port, int thread, int perThread, List<Kind> cycle, CyclicBarrier start)
      throws Exception {
    Tally tally = new Tally();
    RawHttpConnection c = RawHttpConnection.open(port);
    tally.connections++;
    start.await(60, TimeUnit.SECONDS);
    try {
      int offset = thread * cycle.size() / THREADS;
      for (int n = 0; n < perThread; n++) {
        Kind k = cycle.get((offset + n) % cycle.size());
        if (!c.isOpen()) {
          c = RawHttpConnection.open(port);
          tally.connections++;
        }
        RawHttpConnection.Response r;
        try {
          r = c.exchange(k.method(), k.path().apply(thread * perThread + n), k.headers());
        } catch (IOException e) {
          tally.unknown.merge(k.name() + " (" + e + ")", 1L, Long::sum);
          continue; // never resent: the next request opens a new connection
        }
        tally.counted.merge(
            Scrape.key(
                REQUESTS,
                "method", k.labelMethod(),
                "endpoint", k.endpoint(),
                "status_code", Integer.toString(r.status())),
            1L,
            Long::sum);
        if (r.status() != k.status()) {
          tally.unexpectedStatus.merge(k.name() + " -> " + r.status(), 1L, Long::sum);
        }
      }
    } finally {
      c.close();
    }
    return tally;
  }

  private record ScrapeLog(int scrapes, List<String> problems) {}

  /** The lag probe's request: a route no kind of the load uses, so its count is the probe's. */
  private static final String LAG_PROBE_PATH = "/api/v1/echo";

  private static final String LAG_PROBE_KEY =
      Scrape.key(REQUESTS, "method", "POST", "endpoint", LAG_PROBE_PATH, "status_code", "200");

  /**
   * The lag between a response and its record, under the load: one request at a time, then
   * scrapes of the request counter alone ({@code name[]} filter, the smallest scrape) until its
   * count is in. Each lag is an upper bound: from the moment the client has read the response to
   * the end of the first scrape that shows it; a scrape under this load waits for a CPU itself.
   */
  private static Lags recordLagDuringLoad(int port, int metricsPort, AtomicBoolean loadDone)
      throws InterruptedException {
    Http http = new Http(port);
    Http exporter = Http.connectionPerRequest(metricsPort);
    List<Long> lags = new ArrayList<>();
    long firstScrapeShowed = 0;
    while (!loadDone.get()) {
      Http.Reply r = http.send("POST", LAG_PROBE_PATH, "lag", "Content-Type", "text/plain");
      long answered = System.nanoTime();
      assertEquals(200, r.status(), r.body());
      double want = lags.size() + 1;
      for (int scrapes = 1; ; scrapes++) {
        Http.Reply m = exporter.get("/metrics?name%5B%5D=" + REQUESTS);
        assertEquals(200, m.status(), m.body());
        Double got =
            Scrape.ofText(m.body())
                .value(
                    REQUESTS, "method", "POST", "endpoint", LAG_PROBE_PATH, "status_code", "200");
        if (got != null && got >= want) {
          firstScrapeShowed += scrapes == 1 ? 1 : 0;
          break;
        }
        if (System.nanoTime() - answered > Scrape.PATIENCE.toNanos()) {
          break;
        }
      }
      lags.add(System.nanoTime() - answered);
      Thread.sleep(20); // a probe every few scrapes' worth: the load is what is measured
    }
    long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Lags(sorted, firstScrapeShowed);
  }

  /**
   * The probe's lags in nanoseconds, sorted, and how many of them the first scrape after the
   * response showed already.
   */
  private record Lags(long[] sorted, long firstScrapeShowed) {
    @Override
    public String toString() {
      int n = sorted.length;
      if (n == 0) {
        return "no lag probe";
      }
      return String.format(
          "response-to-record lag under the load, %d probes: the first scrape after the"
              + " response showed the record in %d; to the end of the scrape that showed it (an"
              + " upper bound): median %.1f ms, p99 %.1f ms, max %.1f ms",
          n,
          firstScrapeShowed,
          sorted[n / 2] / 1e6,
          sorted[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6,
          sorted[n - 1] / 1e6);
    }
  }


  /**
   * Scrapes every 200 ms until the load ends: reads racing the updates must not lose or double
   * any, and no series may go down between scrapes.
   */
  private static ScrapeLog scrapeDuringLoad(int metricsPort, AtomicBoolean done) {
    List<String> problems = new ArrayList<>();
    int scrapes = 0;
    SortedMap<String, Double> prev = new TreeMap<>();
    while (!done.get()) {
      try {
        Scrape s = Scrape.of(metricsPort);
        scrapes++;
        SortedMap<String, Double> now = new TreeMap<>(s.seriesNamed(REQUESTS));
        now.putAll(s.seriesNamed(DURATION + "_count"));
        now.putAll(s.seriesNamed(DURATION + "_bucket"));
        for (Map.Entry<String, Double> e : prev.entrySet()) {
          Double v = now.get(e.getKey());
          if (v == null || v < e.getValue()) {
            problems.add("scrape " + scrapes + ": " + e.getKey() + " went from " + e.getValue()
                + " to " + v);
          }
        }
        prev = now;
      } catch (Throwable t) {
        problems.add("scrape " + scrapes + " failed: " + t);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return new ScrapeLog(scrapes, problems);
  }

  private static double cpuSeconds(Optional<ProcessHandle> p) {
    return p.flatMap(h -> h.info().totalCpuDuration()).map(d -> d.toMillis() / 1e3).orElse(-1.0);
  }

  /** One line per series whose value differs, or "" if none does. */
  private static String diff(SortedMap<String, Long> expected, SortedMap<String, Double> actual) {
    StringBuilder b = new StringBuilder();
    TreeMap<String, Boolean> keys = new TreeMap<>();
    expected.keySet().forEach(k -> keys.put(k, true));
    actual.keySet().forEach(k -> keys.put(k, true));
    for (String k : keys.keySet()) {
      long e = expected.getOrDefault(k, 0L);
      Double a = actual.get(k);
      if (a == null || a != e) {
        b.append("\n  ").append(k).append(": answered ").append(e).append(", agent ").append(a)
            .append(a == null ? "" : String.format(" (%+.0f)", a - e));
      }
    }
    return b.toString();
  }
}
