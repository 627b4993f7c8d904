import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Mixed CRUD traffic for the demo app: creates, reads, lists, updates and deletes products, plus
 * a share of requests that are answered 400, 404 and 409, at a fixed rate for a fixed time.
 *
 * <pre>
 *   java scripts/Load.java --url http://localhost:8000 --duration 60 --rate 20
 *   scripts/load --duration 30 --rate 50          (the same, through the bash wrapper)
 * </pre>
 *
 * Requests are sent open-loop (one every 1/rate seconds, whatever the response times) with at
 * most --concurrency in flight; when that many are outstanding the next one waits. The run
 * always ends: it stops sending at --duration and waits at most 10 s more for the last answers.
 * The summary's endpoints are the route templates the agent uses as its {@code endpoint} label,
 * so they can be compared with {@code http_requests_total} directly.
 */
public final class Load {
  static final String USAGE =
      String.join(
          "\n",
          "Usage: scripts/load [--url URL] [--duration SECONDS] [--rate REQ_PER_S] [--concurrency N] [--seed N] [--quiet]",
          "       java scripts/Load.java [same options]",
          "",
          "Sends mixed CRUD traffic to the demo app and prints a summary by status code and endpoint.",
          "",
          "  --url URL          base URL of the app      (default http://localhost:$APP_PORT, APP_PORT default 8000)",
          "  --duration S       seconds to send for, 1..86400          (default 30)",
          "  --rate R           requests per second, 0.1..5000         (default 10)",
          "  --concurrency N    most requests in flight at once, 1..1024 (default 32)",
          "  --seed N           random seed, for a repeatable mix       (default: random)",
          "  --quiet            no progress line, only the summary",
          "  --help             this text",
          "",
          "Mix: ~24% create, ~30% read, ~8% list, ~10% update, ~8% delete, ~4% health,",
          "     ~16% errors (400 invalid product/id, 404 unknown product/route, 409 duplicate id).");

  /** How long to wait for the answers still outstanding when the duration is over. */
  static final Duration DRAIN = Duration.ofSeconds(10);

  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Products this run keeps at most; more creates turn into deletes, so lists stay small. */
  static final int MAX_PRODUCTS = 300;

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("load: " + e.getMessage());
      System.err.println();
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (o == null) {
      System.out.println(USAGE);
      return;
    }
    System.exit(new Load(o).run());
  }

  // ---------------------------------------------------------------------------------------------

  static final class Options {
    URI url;
    int durationSeconds = 30;
    double rate = 10;
    int concurrency = 32;
    long seed = System.nanoTime();
    boolean quiet;

    /** Null for --help. */
    static Options parse(String[] args) {
      Options o = new Options();
      String env = System.getenv("APP_PORT");
      String url = "http://localhost:" + (env == null || env.isBlank() ? "8000" : env.trim());
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String name = a;
        String value = null;
        int eq = a.indexOf('=');
        if (a.startsWith("--") && eq > 0) {
          name = a.substring(0, eq);
          value = a.substring(eq + 1);
        }
        switch (name) {
          case "-h":
          case "--help":
            return null;
          case "--quiet":
            o.quiet = true;
            continue;
          case "--url":
          case "--duration":
          case "--rate":
          case "--concurrency":
          case "--seed":
            if (value == null) {
              if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
              }
              value = args[++i];
            }
            break;
          default:
            throw new IllegalArgumentException("unknown argument '" + a + "'");
        }
        switch (name) {
          case "--url":
            url = value;
            break;
          case "--duration":
            o.durationSeconds = (int) number(name, value, 1, 86_400, true);
            break;
          case "--rate":
            o.rate = number(name, value, 0.1, 5000, false);
            break;
          case "--concurrency":
            o.concurrency = (int) number(name, value, 1, 1024, true);
            break;
          case "--seed":
            try {
              o.seed = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("invalid --seed '" + value + "': expected an integer");
            }
            break;
          default:
            throw new AssertionError(name);
        }
      }
      o.url = parseUrl(url);
      return o;
    }

    static double number(String name, String value, double min, double max, boolean integer) {
      double v;
      try {
        v = integer ? Long.parseLong(value.trim()) : Double.parseDouble(value.trim());
      } catch (NumberFormatException e) {
        v = Double.NaN;
      }
      if (!(v >= min && v <= max)) {
        String what = integer ? "an integer" : "a number";
        throw new IllegalArgumentException(
            "invalid " + name + " '" + value + "': expected " + what + " " + fmt(min) + ".." + fmt(max));
      }
      return v;
    }

    static URI parseUrl(String url) {
      String u = url.trim();
      while (u.endsWith("/")) {
        u = u.substring(0, u.length() - 1);
      }
      try {
        URI uri = new URI(u);
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            && uri.getHost() != null
            && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
            && uri.getRawQuery() == null) {
          return uri;
        }
      } catch (URISyntaxException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          "invalid --url '" + url + "': expected http://host:port (no path), e.g. http://localhost:8000");
    }

    static String fmt(double d) {
      return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** One kind of request in the mix: what it is, its weight, and the status it should get. */
  enum Kind {
    CREATE(24, "POST", "/products", 201),
    READ(30, "GET", "/products/:id", 200),
    LIST(8, "GET", "/products", 200),
    UPDATE(10, "PUT", "/products/:id", 200),
    DELETE(8, "DELETE", "/products/:id", 204),
    HEALTH(4, "GET", "/health", 200),
    READ_MISSING(5, "GET", "/products/:id", 404),
    INVALID_PRODUCT(4, "POST", "/products", 400),
    INVALID_ID(2, "GET", "/products/:id", 400),
    DUPLICATE(3, "POST", "/products", 409),
    UNKNOWN_ROUTE(2, "GET", "unmatched", 404);

    final int weight;
    final String method;
    final String endpoint;
    final int expected;

    Kind(int weight, String method, String endpoint, int expected) {
      this.weight = weight;
      this.method = method;
      this.endpoint = endpoint;
      this.expected = expected;
    }
  }

  private final Options o;
  private final Random random;
  private final HttpClient client;
  private final PrintStream out = System.out;
  private final boolean tty = System.console() != null;

  /** Ids this run created and has not deleted; guarded by {@code this}. */
  private final List<Long> products = new ArrayList<>();
  private final long idBase;
  private long nextId;

  private final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();
  private final Map<String, Map<String, LongAdder>> byEndpoint = new ConcurrentHashMap<>();
  private final LongAdder sent = new LongAdder();
  private final LongAdder done = new LongAdder();
  private final LongAdder ok = new LongAdder();
  private final LongAdder clientErrors = new LongAdder();
  private final LongAdder serverErrors = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder unexpected = new LongAdder();
  private final Map<String, LongAdder> failureKinds = new ConcurrentHashMap<>();
  private final AtomicLong latencyNanos = new AtomicLong();
  private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

  Load(Options o) {
    this.o = o;
    this.random = new Random(o.seed);
    // Ids far from what a person would type, so runs against the same app rarely collide.
    this.idBase = 1_000_000L + Math.floorMod(random.nextLong(), 1_000_000_000L) * 1000L;
    this.nextId = idBase;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  int run() throws InterruptedException {
    if (!preflight()) {
      return 1;
    }
    long total = Math.max(1, Math.round(o.rate * o.durationSeconds));
    long intervalNanos = (long) (1e9 / o.rate);
    out.printf(
        Locale.ROOT,
        "load: %s for %ds at %s req/s (%d requests, up to %d in flight, seed %d)%n",
        o.url, o.durationSeconds, Options.fmt(o.rate), total, o.concurrency, o.seed);

    Semaphore inFlight = new Semaphore(o.concurrency);
    List<CompletableFuture<?>> pending = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(o.durationSeconds);
    // One updating line on a terminal every second; a plain line every 5 s otherwise (logs, CI).
    long progressStep = TimeUnit.SECONDS.toNanos(tty ? 1 : 5);
    long nextProgress = start + progressStep;

    // Request 0 was the preflight GET /health.
    for (long i = 1; i < total; i++) {
      long due = start + i * intervalNanos;
      long now = System.nanoTime();
      while (true) {
        if (!o.quiet && now >= nextProgress) {
          progress(now - start, total, inFlight);
          nextProgress += progressStep;
        }
        if (now >= due) {
          break;
        }
        long sleep = Math.min(due, nextProgress) - now;
        TimeUnit.NANOSECONDS.sleep(Math.max(sleep, 50_000L));
        now = System.nanoTime();
      }
      if (now >= end) {
        break; // late: never send past the duration
      }
      // Bounded wait for a slot; a stuck server cannot make the run overrun its duration.
      if (!inFlight.tryAcquire(Math.max(1, end - now), TimeUnit.NANOSECONDS)) {
        break;
      }
      Request r = next();
      sent.increment();
      long t0 = System.nanoTime();
      CompletableFuture<?> f =
          client
              .sendAsync(r.http, HttpResponse.BodyHandlers.discarding())
              .handle(
                  (resp, err) -> {
                    try {
                      finished(r, resp, err, System.nanoTime() - t0);
                    } finally {
                      inFlight.release();
                    }
                    return null;
                  });
      pending.add(f);
      if (pending.size() > 4 * o.concurrency) {
        pending.removeIf(CompletableFuture::isDone);
      }
    }

    // Drain: wait for the answers still outstanding, at most DRAIN.
    long drainEnd = System.nanoTime() + DRAIN.toNanos();
    List<CompletableFuture<?>> rest;
    synchronized (pending) {
      rest = new ArrayList<>(pending);
    }
    for (CompletableFuture<?> f : rest) {
      long left = drainEnd - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        f.get(left, TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        // timed out or failed: counted as outstanding / failure below
      }
    }
    long elapsed = System.nanoTime() - start;
    if (!o.quiet) {
      progress(elapsed, total, inFlight);
      if (tty) {
        out.println();
      }
    }
    summary(elapsed);
    return done.sum() > 0 && failures.sum() < done.sum() ? 0 : 1;
  }

  /**
   * One GET /health first, so a wrong URL is one clear line rather than N failures. It counts as
   * the run's first request.
   */
  private boolean preflight() {
    try {
      Request health = new Request(Kind.HEALTH, get("/health"), 0);
      long t0 = System.nanoTime();
      HttpResponse<Void> r = client.send(health.http, HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() == 200) {
        // counted like any other request, so the summary matches the app's http_requests_total
        sent.increment();
        finished(health, r, null, System.nanoTime() - t0);
        return true;
      }
      System.err.println(
          "load: " + o.url + "/health answered " + r.statusCode() + ", expected 200: is this the demo app?");
    } catch (IOException e) {
      System.err.println(
          "load: cannot reach " + o.url + " (" + describe(e) + "); start it with scripts/demo, or pass --url");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------

  static final class Request {
    final Kind kind;
    final HttpRequest http;
    final long id;

    Request(Kind kind, HttpRequest http, long id) {
      this.kind = kind;
      this.http = http;
      this.id = id;
    }
  }

  private Kind pick() {
    int total = 0;
    for (Kind k : Kind.values()) {
      total += k.weight;
    }
    int r = random.nextInt(total);
    for (Kind k : Kind.values()) {
      r -= k.weight;
      if (r < 0) {
        return k;
      }
    }
    throw new AssertionError();
  }

  /** The next request; kinds that need an existing product become creates while there is none. */
  private synchronized Request next() {
    Kind k = pick();
    boolean needsProduct =
        k == Kind.READ || k == Kind.UPDATE || k == Kind.DELETE || k == Kind.DUPLICATE;
    if (needsProduct && products.isEmpty()) {
      k = Kind.CREATE;
    }
    if (k == Kind.CREATE && products.size() >= MAX_PRODUCTS) {
      k = Kind.DELETE;
    }
    switch (k) {
      case CREATE: {
        long id = nextId++;
        return new Request(k, post("/products", product(id, "Product " + id)), id);
      }
      case READ: {
        long id = anyProduct();
        return new Request(k, get("/products/" + id), id);
      }
      case LIST:
        return new Request(k, get("/products"), 0);
      case UPDATE: {
        long id = anyProduct();
        return new Request(k, put("/products/" + id, product(id, "Product " + id + " v" + random.nextInt(100))), id);
      }
      case DELETE: {
        // Taken out at once, so no later request of this run expects it to exist.
        long id = products.remove(random.nextInt(products.size()));
        return new Request(k, builder("/products/" + id).DELETE().build(), id);
      }
      case HEALTH:
        return new Request(k, get("/health"), 0);
      case READ_MISSING:
        // Below the run's id range, never created by this run.
        return new Request(k, get("/products/" + (idBase - 1 - random.nextInt(1000))), 0);
      case INVALID_PRODUCT: {
        String[] bad = {
          "{\"id\": " + nextId + ", \"name\": \"Pen\", \"price\": \"1.50\", \"amount\": 2}",
          "{\"id\": " + nextId + ", \"name\": \"\", \"price\": 1.5, \"amount\": 2}",
          "{\"id\": " + nextId + ", \"name\": \"Pen\", \"price\": -1, \"amount\": 2}",
          "{\"id\": " + nextId + ", \"name\": \"Pen\", \"price\": 1.5}",
          "{\"id\": " + nextId + ", \"name\": \"Pen\", \"price\": 1.5, \"amount\": 2, \"colour\": \"blue\"}",
          "{\"id\": " + nextId + ", \"name\": \"Pen\", \"price\": 1.5",
        };
        return new Request(k, post("/products", bad[random.nextInt(bad.length)]), 0);
      }
      case INVALID_ID: {
        String[] bad = {"abc", "-1", "0", "1.5", "99999999999999999999"};
        return new Request(k, get("/products/" + bad[random.nextInt(bad.length)]), 0);
      }
      case DUPLICATE: {
        long id = anyProduct();
        return new Request(k, post("/products", product(id, "Duplicate " + id)), id);
      }
      case UNKNOWN_ROUTE: {
        String[] paths = {"/product", "/products/1/reviews", "/admin", "/favicon.ico", "/api/v1/products"};
        return new Request(k, get(paths[random.nextInt(paths.length)]), 0);
      }
      default:
        throw new AssertionError(k);
    }
  }

  private long anyProduct() {
    return products.get(random.nextInt(products.size()));
  }

  private synchronized void created(long id) {
    products.add(id);
  }

  private String product(long id, String name) {
    double price = random.nextInt(100_000) / 100.0;
    return String.format(
        Locale.ROOT,
        "{\"id\": %d, \"name\": \"%s\", \"price\": %.2f, \"amount\": %d}",
        id, name, price, random.nextInt(1000));
  }

  private HttpRequest.Builder builder(String path) {
    return HttpRequest.newBuilder(o.url.resolve(path)).timeout(REQUEST_TIMEOUT);
  }

  private HttpRequest get(String path) {
    return builder(path).GET().build();
  }

  private HttpRequest post(String path, String json) {
    return builder(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private HttpRequest put(String path, String json) {
    return builder(path)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  // ---------------------------------------------------------------------------------------------

  private void finished(Request r, HttpResponse<Void> resp, Throwable err, long nanos) {
    done.increment();
    String status;
    if (err != null) {
      failures.increment();
      failureKinds.computeIfAbsent(describe(err), x -> new LongAdder()).increment();
      status = "failed";
    } else {
      int code = resp.statusCode();
      status = Integer.toString(code);
      if (code >= 500) {
        serverErrors.increment();
      } else if (code >= 400) {
        clientErrors.increment();
      } else {
        ok.increment();
      }
      if (code != r.kind.expected) {
        unexpected.increment();
      }
      if (r.kind == Kind.CREATE && code == 201) {
        created(r.id);
      }
      latencyNanos.addAndGet(nanos);
      latencies.add(nanos);
    }
    byStatus.computeIfAbsent(status, x -> new LongAdder()).increment();
    byEndpoint
        .computeIfAbsent(String.format("%-6s %s", r.kind.method, r.kind.endpoint), x -> new ConcurrentHashMap<>())
        .computeIfAbsent(status, x -> new LongAdder())
        .increment();
  }

  private static String describe(Throwable t) {
    for (Throwable x = t; x != null; x = x.getCause()) {
      if (x instanceof ConnectException) {
        return "connection refused";
      }
      if (x instanceof HttpTimeoutException) {
        return "timed out";
      }
    }
    Throwable c = t;
    while (c.getCause() != null && (c instanceof java.util.concurrent.CompletionException || c.getMessage() == null)) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
  }

  private void progress(long elapsedNanos, long total, Semaphore inFlight) {
    double secs = elapsedNanos / 1e9;
    String line =
        String.format(
            Locale.ROOT,
            "[%5.0fs/%ds] sent %d/%d  2xx %d  4xx %d  5xx %d  failed %d  in flight %d  %.1f req/s",
            secs,
            o.durationSeconds,
            sent.sum(),
            total,
            ok.sum(),
            clientErrors.sum(),
            serverErrors.sum(),
            failures.sum(),
            o.concurrency - inFlight.availablePermits(),
            secs > 0 ? done.sum() / secs : 0.0);
    if (tty) {
      out.print("\r" + line + "   ");
      out.flush();
    } else {
      out.println(line);
    }
  }

  private void summary(long elapsedNanos) {
    double secs = elapsedNanos / 1e9;
    long answered = done.sum() - failures.sum();
    out.println();
    out.printf(
        Locale.ROOT,
        "Summary: %d requests sent, %d answered, %d failed, %d not answered in time; %.1f s, %.1f req/s%n",
        sent.sum(), answered, failures.sum(), sent.sum() - done.sum(), secs, secs > 0 ? done.sum() / secs : 0.0);
    if (!latencies.isEmpty()) {
      List<Long> l;
      synchronized (latencies) {
        l = new ArrayList<>(latencies);
      }
      Collections.sort(l);
      out.printf(
          Locale.ROOT,
          "Latency (client side): avg %.1f ms, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          latencyNanos.get() / 1e6 / l.size(),
          pct(l, 0.50), pct(l, 0.95), pct(l, 0.99), l.get(l.size() - 1) / 1e6);
    }
    out.println();
    out.println("By status code:");
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(byStatus).entrySet()) {
      out.printf(Locale.ROOT, "  %-8s %8d%n", e.getKey(), e.getValue().sum());
    }
    out.println();
    out.println("By endpoint (method, route template as in the endpoint label):");
    for (Map.Entry<String, Map<String, LongAdder>> e : new TreeMap<>(byEndpoint).entrySet()) {
      long n = 0;
      StringBuilder parts = new StringBuilder();
      for (Map.Entry<String, LongAdder> s : new TreeMap<>(e.getValue()).entrySet()) {
        n += s.getValue().sum();
        parts.append(parts.length() == 0 ? "" : ", ").append(s.getKey()).append(": ").append(s.getValue().sum());
      }
      out.printf(Locale.ROOT, "  %-22s %8d   (%s)%n", e.getKey(), n, parts);
    }
    if (unexpected.sum() > 0) {
      out.println();
      out.println(
          "Note: " + unexpected.sum() + " answers had another status than the mix planned"
              + " (e.g. another client changed the same products).");
    }
    if (!failureKinds.isEmpty()) {
      out.println();
      out.println("Failures:");
      for (Map.Entry<String, LongAdder> e : new TreeMap<>(failureKinds).entrySet()) {
        out.printf(Locale.ROOT, "  %8d  %s%n", e.getValue().sum(), e.getKey());
      }
    }
  }

  private static double pct(List<Long> sorted, double q) {
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
  }
}
