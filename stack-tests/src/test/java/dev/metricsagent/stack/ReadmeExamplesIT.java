package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The README's examples, as a reader would use them: every query of its {@code promql} blocks
 * evaluated on a real Prometheus (the shipped config, 1 s intervals) scraping the agent in the
 * demo app after a mix of traffic, each returning data; the jar its first example runs is the one
 * the build makes; the exit codes and traffic command it states are the ones the code and
 * scripts use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeExamplesIT {
  static final Path README = Stack.repo("README.md");
  static final Duration WAIT = Duration.ofSeconds(90);

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private Path prometheusBin;
  private DemoApp app;
  private Prometheus prometheus;

  /** Queries of the README's {@code promql} blocks, with the comment line above each. */
  static Map<String, String> readmeQueries() throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    boolean in = false;
    String comment = "";
    for (String line : Files.readAllLines(README)) {
      if (line.startsWith("```")) {
        in = line.equals("```promql");
        continue;
      }
      if (!in || line.isBlank()) {
        continue;
      }
      if (line.startsWith("#")) {
        comment = line;
      } else {
        out.put(line.trim(), comment);
      }
    }
    return out;
  }

  @BeforeAll
  void start() throws Exception {
    prometheusBin = Stack.findTool("prometheus", "prometheus.bin", "/usr/bin/prometheus");
    if (prometheusBin == null) {
      return;
    }
    Path dir = Stack.workDir("readme-examples");
    app = DemoApp.start(dir);
    String instance = "127.0.0.1:" + app.metricsPort;
    Path config = Prometheus.writeConfig(Stack.repo("scripts/prometheus/prometheus.yml"), dir, instance, "1s");
    prometheus = Prometheus.start(prometheusBin, config, dir);
  }

  @AfterAll
  void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @BeforeEach
  void needsPrometheus() {
    Stack.assumeTool(prometheusBin, "prometheus", "prometheus.bin", "/usr/bin/prometheus");
  }

  private int send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(app.url.resolve(path)).timeout(Duration.ofSeconds(10));
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Demo traffic with 2xx, a route's own 404s and unknown paths, sent in rounds until it shows. */
  private void traffic(int round) throws Exception {
    int id = 1000 + round;
    send("POST", "/products", "{\"id\":" + id + ",\"name\":\"P\",\"price\":1.5,\"amount\":2}");
    send("GET", "/products/" + id, null);
    send("GET", "/products", null);
    send("GET", "/products/" + (900_000 + round), null); // the route's own 404
    send("GET", "/no/such/page", null); // unmatched
  }

  @Test
  void everyReadmeQueryReturnsDataOnTheDemoApp() throws Exception {
    Map<String, String> queries = readmeQueries();
    assertTrue(queries.size() >= 5, "the README's queries: " + queries);
    Map<String, String> empty = new LinkedHashMap<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (int round = 0; ; round++) {
      traffic(round);
      empty.clear();
      for (Map.Entry<String, String> q : queries.entrySet()) {
        JsonNode r = prometheus.queryResponse(q.getKey());
        assertEquals("success", r.path("status").asText(), q.getValue() + "\n" + q.getKey() + "\n" + r);
        if (!hasNumbers(r.path("data").path("result"))) {
          empty.put(q.getKey(), q.getValue());
        }
      }
      if (empty.isEmpty() || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(1000);
    }
    assertEquals(Map.of(), empty, "README queries without data after " + WAIT);
    // the 5xx share is 0, not empty, on the healthy demo app
    for (String q : queries.keySet()) {
      if (q.contains("5..")) {
        assertEquals(0.0, prometheus.value(q), q);
      }
    }
  }

  /**
   * Data a reader sees as a number: a ratio of rates is 0/0 (NaN) until two scrapes in its
   * window differ, so a result whose every sample is NaN waits for the next round like an empty
   * one (a per-endpoint quantile is NaN for endpoints without traffic: one number is enough).
   */
  private static boolean hasNumbers(JsonNode result) {
    for (JsonNode sample : result) {
      if (!"NaN".equals(sample.path("value").path(1).asText())) {
        return true;
      }
    }
    return false;
  }

  /** The first example's scrape, run by bash as written, against this test's agent. */
  @Test
  void theFirstExamplesCurlShowsTheCounters() throws Exception {
    String readme = Files.readString(README);
    Matcher m = Pattern.compile("(?m)^(curl -s localhost:9464/metrics \\| grep \\S+)").matcher(readme);
    assertTrue(m.find(), "the README's first curl");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
    send("GET", "/health", null);
    String line = m.group(1).replace("localhost:9464", "127.0.0.1:" + app.metricsPort);
    Process p = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), line + "\n" + out);
    assertTrue(out.contains("http_requests_total{endpoint=\"/health\",method=\"GET\",status_code=\"200\"}"), out);
    for (String l : out.split("\n")) {
      assertTrue(l.startsWith("http_requests_total{"), l);
    }
  }

  /** The jar of the first example is the one the build makes (its version from the pom). */
  @Test
  void theFirstExamplesJarIsTheBuiltOne() throws Exception {
    String readme = Files.readString(README);
    Matcher m = Pattern.compile("-javaagent:(agent/target/metrics-agent-([^ ]+)\\.jar) -jar your-app.jar").matcher(readme);
    assertTrue(m.find(), "the README's first example");
    String pom = Files.readString(Stack.repo("pom.xml"));
    Matcher v = Pattern.compile("(?m)^  <version>([^<]+)</version>").matcher(pom);
    assertTrue(v.find());
    assertEquals(v.group(1), m.group(2), "the version in the README's jar name");
    Path jar = Stack.repo(m.group(1));
    assertTrue(Files.isRegularFile(jar), jar + " (built by the agent module's package phase)");
    assertEquals(Files.size(Stack.repo("agent/target/metrics-agent.jar")), Files.size(jar));
  }

  /** What the README says about scripts and exit codes is what they do. */
  @Test
  void statedCommandsAndExitCodesMatch() throws Exception {
    String readme = Files.readString(README);
    String demo = Files.readString(Stack.repo("scripts/demo"));
    Matcher load = Pattern.compile("`(scripts/load --url \\S+ --duration (\\d+) --rate (\\d+))`").matcher(readme);
    assertTrue(load.find(), "the README's traffic command");
    assertTrue(demo.contains("--duration " + load.group(2) + " --rate " + load.group(3)),
        "scripts/demo prints the README's traffic command: " + load.group(1));
    assertTrue(Pattern.compile("usage errors and\\s+bad options exit 2").matcher(readme).find(),
        "README on attach's exit codes");
    // attach with a bad option, as the README says: exit 2, before any target is touched
    Path jar = Stack.repo("agent/target/metrics-agent.jar");
    Process p = new ProcessBuilder(DemoApp.javaBin(), "-jar", jar.toString(), "attach",
        Long.toString(ProcessHandle.current().pid()), "port=abc").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(2, p.waitFor(), out);
    assertTrue(out.contains("invalid value 'abc' for option port"), out);
    assertFalse(out.contains("Exception"), out);
  }
}
