package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Many instances, one Prometheus: {@code scripts/fleet 3} as a user runs it (three demo-app
 * JVMs with the agent, the generated file_sd target file, Debian's Prometheus with the shipped
 * config, rules.yml and alerts.yml), intervals at 1 s so the class takes seconds, not minutes.
 *
 * <p>Each instance gets a different, known mix of requests in two phases. Phase 1 creates every
 * (method, endpoint, status) series the test uses and is waited for in Prometheus, so phase 2
 * shows up in rate() as an increase. The instances are shared by all checks; the last two kill
 * one instance (per-instance alert fires for it, job-level ones stay quiet) and then stop the
 * fleet with SIGINT, as Ctrl-C does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetStackIT {
  static final Path FLEET = Stack.repo("scripts/fleet");
  static final int N = 3;
  static final Pattern INSTANCE =
      Pattern.compile(
          "(?m)^  instance (\\d+): app (http://127\\.0\\.0\\.1:\\d+)  metrics http://(127\\.0\\.0\\.1:\\d+)/metrics  pid (\\d+)$");
  static final Pattern PROMETHEUS = Pattern.compile("(?m)^  prometheus: (http://127\\.0\\.0\\.1:\\d+)  pid (\\d+)");
  static final Pattern READY = Pattern.compile("(?m)^Fleet ready: " + N + " instances");
  static final Duration WAIT = Duration.ofSeconds(90);
  /** Rates need this much history behind them before their extrapolation error is small. */
  static final Duration RATE_HISTORY = Duration.ofSeconds(20);

  /** One demo-app JVM of the fleet, as scripts/fleet printed it. */
  static final class Instance {
    final int n;
    final URI app;
    final String target;
    final long pid;
    /** (method, endpoint, status) -> requests sent, phase 1 and 2. */
    final Map<List<String>, Integer> sent = new TreeMap<>(KEY_ORDER);
    int phase2;

    Instance(int n, URI app, String target, long pid) {
      this.n = n;
      this.app = app;
      this.target = target;
      this.pid = pid;
    }

    int total() {
      return sent.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  static final java.util.Comparator<List<String>> KEY_ORDER =
      java.util.Comparator.comparing(k -> String.join(" ", k));

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private Path prometheusBin;
  private Path dir;
  private Child fleet;
  private Prometheus prometheus;
  private long prometheusPid;
  private final List<Instance> instances = new ArrayList<>();
  private final Map<String, Integer> phase2ByEndpoint = new TreeMap<>();
  private final Map<String, Integer> totalByEndpoint = new TreeMap<>();
  private long phase1SeenAt;

  @BeforeAll
  void startFleet() throws Exception {
    Stack.requireJar("metricsAgent.jar", "agent/target/metrics-agent.jar");
    Stack.requireJar("demoApp.jar", "demo-app/target/demo-app.jar");
    prometheusBin = Stack.findTool("prometheus", "prometheus.bin", "/usr/bin/prometheus");
    if (prometheusBin == null) {
      return; // every test skips, see needsPrometheus
    }
    dir = Stack.workDir("fleet");
    try {
      fleet =
          Child.start(
              "scripts/fleet",
              List.of(
                  // A runner that started the build in the background (no job control) hands every
                  // child an ignored SIGINT, which bash cannot trap; the Ctrl-C test needs the
                  // default disposition, as in a terminal.
                  "perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"",
                  FLEET.toString(), Integer.toString(N), "--interval", "1s",
                  "--app-port", Integer.toString(Stack.freeBasePort()),
                  "--metrics-port", Integer.toString(Stack.freeBasePort()),
                  "--prometheus-port", Integer.toString(Stack.freeBasePort()),
                  "--dir", dir.resolve("fleet").toString()),
              Stack.repoRoot(),
              dir.resolve("fleet.log"),
              Map.of("PROMETHEUS_BIN", prometheusBin.toString(), "TMPDIR", dir.toString()));
      fleet.awaitLine(READY, Duration.ofSeconds(240));
      Matcher m = INSTANCE.matcher(fleet.output());
      while (m.find()) {
        instances.add(new Instance(Integer.parseInt(m.group(1)), URI.create(m.group(2)), m.group(3),
            Long.parseLong(m.group(4))));
      }
      assertEquals(N, instances.size(), "instances printed by scripts/fleet:\n" + fleet.output());
      Matcher p = PROMETHEUS.matcher(fleet.output());
      assertTrue(p.find(), "scripts/fleet printed its Prometheus:\n" + fleet.output());
      prometheus = Prometheus.at(URI.create(p.group(1)));
      prometheusPid = Long.parseLong(p.group(2));
      await("all " + N + " targets up", () -> prometheus.value("sum(up{job=\"metrics-agent\"})") == N);

      // Phase 1: every series the test uses, once per instance.
      for (Instance i : instances) {
        int id = 100 * i.n + 1;
        send(i, "POST", "/products", product(id), 201, "/products");
        send(i, "GET", "/products/" + id, null, 200, "/products/:id");
        send(i, "GET", "/products", null, 200, "/products");
        send(i, "GET", "/health", null, 200, "/health");
        send(i, "GET", "/products/999999", null, 404, "/products/:id");
        send(i, "GET", "/no/such/route", null, 404, "unmatched");
      }
      awaitTotals();
      phase1SeenAt = System.nanoTime();

      // Phase 2: instance n gets n + 1 times the base mix, so each instance's counts are its
      // own and their rates differ far beyond rate()'s extrapolation; 24+ requests of each kind
      // per instance keep the first, cold requests of each JVM (class loading, a busy CI host)
      // under 3% of an endpoint's requests, so they cannot move a p95 over the 500 ms alerts.
      for (Instance i : instances) {
        int before = i.total();
        int times = i.n + 1;
        for (int k = 0; k < 12 * times; k++) {
          send(i, "POST", "/products", product(100 * i.n + 10 + k), 201, "/products");
        }
        for (int k = 0; k < 15 * times; k++) {
          send(i, "GET", "/products/" + (100 * i.n + 1), null, 200, "/products/:id");
        }
        for (int k = 0; k < 12 * times; k++) {
          send(i, "GET", "/products", null, 200, "/products");
          send(i, "GET", "/products/999999", null, 404, "/products/:id");
          send(i, "GET", "/health", null, 200, "/health");
          send(i, "GET", "/no/such/route", null, 404, "unmatched");
        }
        i.phase2 = i.total() - before;
      }
      for (Instance i : instances) {
        System.out.println("[stack-tests] instance " + i.n + " (" + i.target + ") was sent " + i.total() + ": " + i.sent);
      }
      awaitTotals();
      await("every recording rule of rules.yml to have a result", () -> {
        for (Exprs.Query q : Exprs.rules(Stack.readYaml(Exprs.RULES))) {
          if (prometheus.query(q.source.substring("record ".length())).size() == 0) {
            return false;
          }
        }
        return true;
      });
    } catch (Throwable t) {
      stopFleet();
      throw t;
    }
  }

  @BeforeEach
  void needsPrometheus() {
    Stack.assumeTool(prometheusBin, "prometheus", "prometheus.bin", "/usr/bin/prometheus");
  }

  @AfterAll
  void stopFleet() {
    if (fleet != null) {
      fleet.close(); // TERM: the script's trap stops what it started
    }
    // Should the script have died without its trap: its children by PID, nothing else.
    for (Instance i : instances) {
      ProcessHandle.of(i.pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    if (prometheusPid > 0) {
      ProcessHandle.of(prometheusPid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  // ---- checks on the running fleet ---------------------------------------------------------

  @Test
  @Order(1)
  void prometheusScrapesEveryInstanceThroughTheGeneratedFileSd() {
    Path file = dir.resolve("fleet/prometheus/targets/metrics-agent.yml");
    Set<String> inFile = new TreeSet<>();
    Stack.readYaml(file).forEach(g -> g.path("targets").forEach(t -> inFile.add(t.asText())));
    Set<String> printed = new TreeSet<>();
    instances.forEach(i -> printed.add(i.target));
    assertEquals(printed, inFile, "targets in " + file);

    Set<String> scraped = new TreeSet<>();
    for (JsonNode t : prometheus.get("/api/v1/targets?state=active").path("data").path("activeTargets")) {
      if (!Stack.JOB.equals(t.path("labels").path("job").asText())) {
        continue;
      }
      assertEquals(file.toString(), t.path("discoveredLabels").path("__meta_filepath").asText(), "found via file_sd");
      assertEquals("up", t.path("health").asText(), t.toString());
      scraped.add(t.path("labels").path("instance").asText());
    }
    assertEquals(printed, scraped, "active targets of job " + Stack.JOB);
  }

  @Test
  @Order(2)
  void sumByEndpointEqualsTheRequestsSentAcrossInstances() {
    Map<String, Integer> got = new TreeMap<>();
    for (JsonNode s : prometheus.query("sum by (endpoint) (http_requests_total{job=\"metrics-agent\"})")) {
      got.put(s.path("metric").path("endpoint").asText(), intValue(s));
    }
    assertEquals(totalByEndpoint, got);
    int all = instances.stream().mapToInt(Instance::total).sum();
    assertEquals(all, prometheus.value("sum(http_requests_total{job=\"metrics-agent\"})"));
    assertEquals(all, prometheus.value("sum(http_request_duration_seconds_count{job=\"metrics-agent\"})"));
  }

  @Test
  @Order(3)
  void eachInstancesSeriesEqualWhatItWasSent() {
    Map<String, Map<List<String>, Integer>> got = new TreeMap<>();
    for (JsonNode s : prometheus.query("http_requests_total{job=\"metrics-agent\"}")) {
      JsonNode m = s.path("metric");
      got.computeIfAbsent(m.path("instance").asText(), k -> new TreeMap<>(KEY_ORDER))
          .put(List.of(m.path("method").asText(), m.path("endpoint").asText(), m.path("status_code").asText()),
              intValue(s));
    }
    Map<String, Map<List<String>, Integer>> want = new TreeMap<>();
    instances.forEach(i -> want.put(i.target, i.sent));
    assertEquals(want, got, "http_requests_total by instance, method, endpoint, status_code");
  }

  /**
   * The recorded rates against the requests sent. rate() over 5m extrapolates: a counter that
   * rose by d while it had samples for s seconds reads between d/300 and d/300 * (s + 2.2
   * intervals) / s (at most 1.1 intervals towards each end of the window). d is exactly the
   * phase-2 requests: every series was born in phase 1 with one request, and phase 2 began only
   * once Prometheus had scraped that. Exact values on synthetic series are promtool's job
   * (rules_test.yml).
   */
  @Test
  @Order(4)
  void recordingRulesEvaluateToTheExpectedRates() throws InterruptedException {
    long waited = System.nanoTime() - phase1SeenAt;
    if (waited < RATE_HISTORY.toNanos()) {
      Thread.sleep((RATE_HISTORY.toNanos() - waited) / 1_000_000);
    }
    // s: samples since phase 1 at least, less 2 s for the last scrape and a rule run that lag
    double history = (System.nanoTime() - phase1SeenAt) / 1e9 - 2;
    double slack = (history + 2.2) / history;
    List<String> problems = new ArrayList<>();

    Map<String, Double> byEndpoint = byLabel("job_endpoint:http_requests:rate5m{job=\"metrics-agent\"}", "endpoint");
    for (Map.Entry<String, Integer> e : totalByEndpoint.entrySet()) {
      check(problems, "job_endpoint:http_requests:rate5m{endpoint=\"" + e.getKey() + "\"}",
          byEndpoint.get(e.getKey()), phase2ByEndpoint.getOrDefault(e.getKey(), 0), e.getValue(), slack);
    }
    Map<String, Double> byInstance = byLabel("job_instance:http_requests:rate5m{job=\"metrics-agent\"}", "instance");
    assertEquals(N, byInstance.size(), "job_instance:http_requests:rate5m: " + byInstance);
    for (Instance i : instances) {
      check(problems, "job_instance:http_requests:rate5m{instance=\"" + i.target + "\"}",
          byInstance.get(i.target), i.phase2, i.total(), slack);
    }
    int phase2 = instances.stream().mapToInt(x -> x.phase2).sum();
    int all = instances.stream().mapToInt(Instance::total).sum();
    check(problems, "job:http_requests:rate5m", prometheus.value("job:http_requests:rate5m{job=\"metrics-agent\"}"),
        phase2, all, slack);
    // The instances' differing traffic shows in the per-instance rates: 3 > 2 > 1.
    assertTrue(byInstance.get(instances.get(2).target) > byInstance.get(instances.get(1).target)
        && byInstance.get(instances.get(1).target) > byInstance.get(instances.get(0).target), byInstance.toString());

    // No 5xx was sent: every error ratio is 0, present (not missing) for every endpoint and instance.
    Map<String, Double> errorsByEndpoint =
        byLabel("job_endpoint:http_request_errors_per_requests:ratio_rate5m{job=\"metrics-agent\"}", "endpoint");
    assertEquals(totalByEndpoint.keySet(), errorsByEndpoint.keySet(), "endpoints with an error ratio");
    errorsByEndpoint.forEach((k, v) -> assertEquals(0.0, v, "error ratio of " + k));
    Map<String, Double> errorsByInstance =
        byLabel("job_instance:http_request_errors_per_requests:ratio_rate5m{job=\"metrics-agent\"}", "instance");
    assertEquals(N, errorsByInstance.size(), errorsByInstance.toString());
    errorsByInstance.forEach((k, v) -> assertEquals(0.0, v, "error ratio of " + k));
    assertEquals(0.0, prometheus.value("job:http_request_errors_per_requests:ratio_rate5m{job=\"metrics-agent\"}"));

    // Latency over all instances: a number for every endpoint that had requests, p99 >= p95.
    Map<String, Double> p95 = byLabel("job_endpoint:http_request_duration_seconds:p95_rate5m{job=\"metrics-agent\"}", "endpoint");
    Map<String, Double> p99 = byLabel("job_endpoint:http_request_duration_seconds:p99_rate5m{job=\"metrics-agent\"}", "endpoint");
    Map<String, Double> mean = byLabel("job_endpoint:http_request_duration_seconds:mean5m{job=\"metrics-agent\"}", "endpoint");
    for (String e : totalByEndpoint.keySet()) {
      Double a = p95.get(e);
      Double b = p99.get(e);
      Double c = mean.get(e);
      if (a == null || b == null || c == null || !(a > 0 && a <= 10) || !(b >= a && b <= 10) || !(c > 0 && c <= 10)) {
        problems.add(e + ": p95 " + a + ", p99 " + b + ", mean " + c + " (buckets end at 10 s)");
      }
    }
    assertTrue(problems.isEmpty(), "recording rules:\n  " + String.join("\n  ", problems));
  }

  @Test
  @Order(5)
  void everyDashboardQueryReturnsDataForAllInstances() {
    JsonNode dashboard = Stack.readJson(Exprs.DASHBOARD);
    List<Exprs.Query> queries = new ArrayList<>(Exprs.dashboardTargets(dashboard));
    queries.addAll(Exprs.variableQueries(dashboard));
    Set<String> targets = new TreeSet<>();
    instances.forEach(i -> targets.add(i.target));
    List<String> problems = new ArrayList<>();
    for (Exprs.Query q : queries) {
      String expr = Exprs.substitute(q.expr);
      JsonNode r = prometheus.queryResponse(expr);
      if (!"success".equals(r.path("status").asText())) {
        problems.add(q.source + ": " + r.path("error").asText() + "\n      " + expr);
        continue;
      }
      JsonNode result = r.path("data").path("result");
      if (q.source.contains(NativeHistogramIT.NATIVE_PANEL + " /")) {
        // native-histogram panels: valid, and empty without native ingestion (the shipped
        // config's default); NativeHistogramIT gives them data with it on
        if (result.size() != 0) {
          problems.add(q.source + ": data without native ingestion?\n      " + expr);
        }
        continue;
      }
      if (result.size() == 0) {
        problems.add(q.source + ": empty result\n      " + expr);
        continue;
      }
      Set<String> seen = new TreeSet<>();
      result.forEach(s -> {
        if (s.path("metric").has("instance")) {
          seen.add(s.path("metric").path("instance").asText());
        }
      });
      if (!seen.isEmpty() && !seen.equals(targets)) {
        problems.add(q.source + ": instances " + seen + ", expected " + targets + "\n      " + expr);
      }
    }
    System.out.println("[stack-tests] evaluated " + queries.size() + " dashboard queries on " + N + " instances");
    assertTrue(problems.isEmpty(), "dashboard queries:\n  " + String.join("\n  ", problems));
  }

  @Test
  @Order(90)
  void oneInstanceKilledFiresThePerInstanceAlertForItAndNoJobLevelOne() throws Exception {
    Instance victim = instances.get(1);
    ProcessHandle.of(victim.pid).ifPresent(ProcessHandle::destroy);
    String up = "up{job=\"metrics-agent\", instance=\"" + victim.target + "\"}";
    await(up + " == 0", () -> prometheus.value(up) == 0.0);
    fleet.awaitLine(Pattern.compile("(?m)^scripts/fleet: instance " + victim.n + " \\(pid " + victim.pid + "\\) exited"),
        Duration.ofSeconds(30));

    Map<String, String> alerts = new TreeMap<>();
    for (Exprs.Query q : Exprs.rules(Stack.readYaml(Exprs.ALERTS))) {
      alerts.put(q.source, q.expr);
    }
    JsonNode down = prometheus.query(alerts.get("alert MetricsAgentTargetDown"));
    assertEquals(1, down.size(), "MetricsAgentTargetDown's expression: " + down);
    assertEquals(victim.target, down.get(0).path("metric").path("instance").asText());

    List<String> jobLevel = new ArrayList<>();
    alerts.forEach((name, expr) -> {
      if (name.startsWith("alert MetricsAgentJob")) {
        jobLevel.add(name);
        JsonNode r = prometheus.query(expr);
        assertEquals(0, r.size(), name + " must not fire with " + (N - 1) + " of " + N + " up: " + r);
      }
    });
    assertEquals(List.of("alert MetricsAgentJobDown", "alert MetricsAgentJobHighErrorRatio",
        "alert MetricsAgentJobHighLatencyP95"), jobLevel);
    assertEquals(N - 1, prometheus.value("sum(up{job=\"metrics-agent\"})"), "the others keep running");
    // And Prometheus's own rule evaluation agrees: the per-instance alert is pending (its for:
    // is 1m) for the victim only, and no job-level alert is active.
    await("MetricsAgentTargetDown pending for " + victim.target, () -> {
      List<String> active = new ArrayList<>();
      for (JsonNode a : prometheus.get("/api/v1/alerts").path("data").path("alerts")) {
        active.add(a.path("labels").path("alertname").asText() + " " + a.path("labels").path("instance").asText()
            + " " + a.path("state").asText());
      }
      return active.equals(List.of("MetricsAgentTargetDown " + victim.target + " pending"));
    });
    assertTrue(fleet.process.isAlive(), "scripts/fleet keeps running with one instance gone");
  }

  @Test
  @Order(99)
  void ctrlCStopsEverythingTheScriptStarted() throws Exception {
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(fleet.process.pid())).inheritIO().start();
    assertEquals(0, kill.waitFor());
    int code = fleet.awaitExit(Duration.ofSeconds(60));
    assertEquals(130, code, "exit code after SIGINT:" + fleet.tail());
    assertTrue(fleet.output().contains("Stopped. Logs: "), fleet.tail());
    List<Long> pids = new ArrayList<>();
    instances.forEach(i -> pids.add(i.pid));
    pids.add(prometheusPid);
    for (long pid : pids) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still alive");
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static void check(List<String> problems, String what, Double got, int phase2, int total, double slack) {
    double low = phase2 / 300.0;
    double high = phase2 / 300.0 * slack;
    System.out.printf("[stack-tests] %s = %s, bounds [%.5f, %.5f]%n", what, got, low, high);
    if (got == null || got < low - 1e-9 || got > high) {
      problems.add(String.format("%s = %s, expected in [%.5f, %.5f] (%d requests in phase 2, %d in all)",
          what, got, low, high, phase2, total));
    }
  }

  private Map<String, Double> byLabel(String promql, String label) {
    Map<String, Double> out = new TreeMap<>();
    for (JsonNode s : prometheus.query(promql)) {
      out.put(s.path("metric").path(label).asText(), Double.parseDouble(s.path("value").get(1).asText()));
    }
    return out;
  }

  private static int intValue(JsonNode sample) {
    return (int) Double.parseDouble(sample.path("value").get(1).asText());
  }

  private static String product(int id) {
    return "{\"id\": " + id + ", \"name\": \"Item " + id + "\", \"price\": 9.99, \"amount\": 1}";
  }

  private void send(Instance i, String method, String path, String json, int status, String endpoint) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(i.app.resolve(path)).timeout(Duration.ofSeconds(30));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    i.sent.merge(List.of(method, endpoint, Integer.toString(status)), 1, Integer::sum);
    totalByEndpoint.merge(endpoint, 1, Integer::sum);
    if (phase1SeenAt != 0) {
      phase2ByEndpoint.merge(endpoint, 1, Integer::sum);
    }
    assertEquals(status, r.statusCode(), method + " " + i.app.resolve(path) + " answered " + r.body());
  }

  /**
   * Waits until Prometheus has every instance's total exactly, in the counter and in the
   * histogram's count (the agent updates them one after the other, after the client has its
   * answer: a scrape can fall between); more is a failure at once.
   */
  private void awaitTotals() throws InterruptedException {
    for (Instance i : instances) {
      for (String metric : List.of("http_requests_total", "http_request_duration_seconds_count")) {
        String q = "sum(" + metric + "{job=\"metrics-agent\", instance=\"" + i.target + "\"})";
        int n = i.total();
        await(q + " == " + n, () -> {
          double v = prometheus.value(q);
          if (v > n) {
            fail(q + " is " + v + ", more than the " + n + " requests sent");
          }
          return v == n;
        });
      }
    }
  }

  private void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + WAIT.getSeconds() + " s waiting for " + what + "; logs in " + dir);
      }
      if (!fleet.process.isAlive()) {
        fail("scripts/fleet exited; log " + fleet.log + ":" + fleet.tail());
      }
      Thread.sleep(250);
    }
  }
}
