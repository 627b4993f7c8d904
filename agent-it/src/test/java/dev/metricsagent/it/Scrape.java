package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One scrape of the agent's {@code /metrics} in the Prometheus text format, parsed into series
 * keyed {@code name{a="1",b="2"}} (labels sorted by name) with their values.
 *
 * <pre>{@code
 * Scrape s = Scrape.of(metricsPort);
 * double hellos = s.value("http_requests_total", "method", "GET", "endpoint", "/hello",
 *     "status_code", "200");
 * }</pre>
 */
final class Scrape {
  /** The process metrics the product's spec names, exactly. */
  static final List<String> PROCESS_METRICS =
      List.of(
          "process_cpu_seconds_total",
          "process_resident_memory_bytes",
          "process_virtual_memory_bytes",
          "process_start_time_seconds",
          "process_open_fds",
          "process_max_fds",
          "process_threads");

  /** Series key to value, in key order. */
  private final SortedMap<String, Double> series;

  private final Map<String, SortedMap<String, String>> labels;
  private final String text;

  private Scrape(String text) {
    this.text = text;
    SortedMap<String, Double> s = new TreeMap<>();
    Map<String, SortedMap<String, String>> l = new LinkedHashMap<>();
    int n = 0;
    for (String line : text.split("\n")) {
      n++;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Sample sample;
      try {
        sample = parseLine(line);
      } catch (RuntimeException e) {
        throw new AssertionError("unparseable exposition line " + n + ": " + line, e);
      }
      String key = key(sample.name, sample.labels);
      if (s.put(key, sample.value) != null) {
        fail("series " + key + " appears twice in the exposition");
      }
      l.put(key, sample.labels);
    }
    this.series = Collections.unmodifiableSortedMap(s);
    this.labels = l;
  }

  /** GET /metrics (plain text format) on 127.0.0.1:{@code port}; fails unless 200. */
  static Scrape of(int port) {
    Http.Reply r = Http.connectionPerRequest(port).get("/metrics");
    assertEquals(200, r.status(), "GET /metrics: " + r.body());
    return new Scrape(r.body());
  }

  /** Parses exposition text (for tests of the parser itself, or text fetched elsewhere). */
  static Scrape ofText(String text) {
    return new Scrape(text);
  }

  /**
   * How long a test waits for what it expects to show in a scrape. A request is recorded when
   * the server's handling returns, a moment after the client has read the response (measured
   * lag: docs/performance.md); generous, because a loaded machine may stall a thread for seconds.
   */
  static final Duration PATIENCE = Duration.ofSeconds(20);

  /**
   * Scrapes until {@code done} holds or the timeout passes, and returns the last scrape either
   * way (the caller asserts on it). Prefer {@link #eventually} or {@link #awaitCounts}, which
   * fail with the last scrape.
   */
  static Scrape await(int port, Predicate<Scrape> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Scrape s = of(port);
    while (!done.test(s) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      s = of(port);
    }
    return s;
  }

  /**
   * Scrapes until {@code done} holds and returns that scrape; fails after {@link #PATIENCE} with
   * {@code what} and the last scrape's text.
   */
  static Scrape eventually(int port, String what, Predicate<Scrape> done) {
    Scrape s = await(port, done, PATIENCE);
    if (!done.test(s)) {
      fail("not within " + PATIENCE + ": " + what + "; last scrape:\n" + s.text());
    }
    return s;
  }

  /**
   * Scrapes until the non-zero series named {@code name} are exactly {@code expected} (series key
   * to value) and returns that scrape. Stops early once their sum reaches the expected sum
   * (counts only grow: more waiting cannot fix a wrong label), then fails with the difference and
   * the last scrape; likewise after {@link #PATIENCE}.
   *
   * <p>For "X is not counted": send a later marker request, expect only the markers' counts.
   */
  static Scrape awaitCounts(int port, String name, Map<String, Double> expected) {
    SortedMap<String, Double> want = nonZero(new TreeMap<>(expected));
    double total = want.values().stream().mapToDouble(Double::doubleValue).sum();
    Scrape s = await(port, x -> x.sum(name) >= total, PATIENCE);
    SortedMap<String, Double> got = nonZero(s.seriesNamed(name));
    if (!want.equals(got)) {
      assertEquals(want, got, name + " after " + PATIENCE + " at most; last scrape:\n" + s.text());
    }
    return s;
  }

  /** The raw exposition text. */
  String text() {
    return text;
  }

  /** All series, key to value. */
  SortedMap<String, Double> all() {
    return series;
  }

  /** The value of one series, or null if it is absent. {@code labels}: name, value, ... */
  Double value(String name, String... labels) {
    SortedMap<String, String> l = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      l.put(labels[i], labels[i + 1]);
    }
    return series.get(key(name, l));
  }

  /** The series whose metric name is exactly {@code name}, key to value. */
  SortedMap<String, Double> seriesNamed(String name) {
    SortedMap<String, Double> out = new TreeMap<>();
    for (Map.Entry<String, Double> e : series.entrySet()) {
      String k = e.getKey();
      int brace = k.indexOf('{');
      if ((brace < 0 ? k : k.substring(0, brace)).equals(name)) {
        out.put(k, e.getValue());
      }
    }
    return out;
  }

  /**
   * {@code series} without those at zero: registered routes that got no request have their
   * series at zero from the start (route inventory).
   */
  static SortedMap<String, Double> nonZero(SortedMap<String, Double> series) {
    SortedMap<String, Double> out = new TreeMap<>(series);
    out.values().removeIf(v -> v == 0.0);
    return out;
  }

  /** The labels of the series with {@code key}. */
  SortedMap<String, String> labelsOf(String key) {
    return labels.get(key);
  }

  /** Sum of the values of the series named {@code name}. */
  double sum(String name) {
    double total = 0;
    for (double v : seriesNamed(name).values()) {
      total += v;
    }
    return total;
  }

  /** The distinct metric names of all samples. */
  Set<String> names() {
    Set<String> out = new TreeSet<>();
    for (String k : series.keySet()) {
      int brace = k.indexOf('{');
      out.add(brace < 0 ? k : k.substring(0, brace));
    }
    return out;
  }

  /** {@code name{a="1",b="2"}} with labels in name order and values escaped as in the format. */
  static String key(String name, SortedMap<String, String> labels) {
    if (labels.isEmpty()) {
      return name;
    }
    StringBuilder b = new StringBuilder(name).append('{');
    String sep = "";
    for (Map.Entry<String, String> e : labels.entrySet()) {
      b.append(sep).append(e.getKey()).append("=\"");
      for (char c : e.getValue().toCharArray()) {
        if (c == '\\' || c == '"') {
          b.append('\\').append(c);
        } else if (c == '\n') {
          b.append("\\n");
        } else {
          b.append(c);
        }
      }
      b.append('"');
      sep = ",";
    }
    return b.append('}').toString();
  }

  /** {@code key(name, {k1=v1, ...})} from alternating names and values. */
  static String key(String name, String... labels) {
    SortedMap<String, String> l = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      l.put(labels[i], labels[i + 1]);
    }
    return key(name, l);
  }

  private record Sample(String name, SortedMap<String, String> labels, double value) {}

  /** {@code name[{labels}] value [timestamp]} */
  private static Sample parseLine(String line) {
    int i = 0;
    int n = line.length();
    while (i < n && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    SortedMap<String, String> labels = new TreeMap<>();
    if (i < n && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String label = line.substring(i, eq).trim();
        i = eq + 1;
        if (line.charAt(i) != '"') {
          throw new IllegalArgumentException("expected '\"' at " + i);
        }
        i++;
        StringBuilder v = new StringBuilder();
        while (line.charAt(i) != '"') {
          char c = line.charAt(i++);
          if (c == '\\') {
            char e = line.charAt(i++);
            v.append(e == 'n' ? '\n' : e);
          } else {
            v.append(c);
          }
        }
        i++; // closing quote
        labels.put(label, v.toString());
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++; // closing brace
    }
    String[] rest = line.substring(i).trim().split("\\s+");
    return new Sample(name, labels, number(rest[0]));
  }

  private static double number(String s) {
    switch (s) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        return Double.parseDouble(s);
    }
  }
}
