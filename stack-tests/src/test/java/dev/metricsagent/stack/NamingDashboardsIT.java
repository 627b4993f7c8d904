package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The naming profiles against dashboards nobody here wrote: every query of a published
 * OpenTelemetry HTTP dashboard ({@code naming=otel}) and of a published Spring Boot / Micrometer
 * dashboard ({@code naming=micrometer}), evaluated on a real Prometheus that scrapes the Spring
 * Boot test app with the agent, returns data; so do the Grafana template variables' queries, and
 * the label values the panels filter on are there. The queries are in
 * src/test/resources/dashboards, copied unchanged with their source and license.
 *
 * <p>Also what Prometheus 2.42 (Debian's) does with the start timestamps the agent sends by
 * default in OpenMetrics: it stores each {@code _created} line as a series of its own (it
 * predates created-timestamp ingestion), so {@code increase()} does not use them; see
 * docs/naming.md, "Start timestamps".
 */
class NamingDashboardsIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static final String APP = "spring-boot-app";

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void otelProfileFeedsThePublishedOpenTelemetryDashboard() throws Exception {
    runDashboard("otel", "naming=otel,service_name=shop", "otel-red-metrics-classic.queries",
        p -> {
          // the panels filter on job, instance (the variables) and http_response_status_code=~"5.."
          assertTrue(labelValues(p, "http_response_status_code").contains("500"));
          assertEquals(1.0, p.value("count(target_info{job=\"otel\",service_name=\"shop\"})"));
          // no route label on an unmatched request, as the convention has it
          assertEquals(1.0, p.value(
              "count(http_server_request_duration_seconds_count{http_response_status_code=\"404\",http_route=\"\"})"));
          assertTrue(labelValues(p, "url_scheme").contains("http"));
          assertTrue(labelValues(p, "network_protocol_version").contains("1.1"));
          assertTrue(labelValues(p, "error_type").contains("500"));
          // Prometheus 2.42 scrapes OpenMetrics and keeps each start timestamp as a series
          double created = p.value(
              "max(http_server_request_duration_seconds_created{http_route=\"/health\"})");
          assertTrue(created > 1.6e9 && created <= System.currentTimeMillis() / 1000.0, "" + created);
        });
  }

  @Test
  void micrometerProfileFeedsThePublishedSpringBootDashboard() throws Exception {
    runDashboard("petclinic", "naming=micrometer", "spring-petclinic-http.queries",
        p -> {
          // the panels filter on status=~"5.." and status!~"5.."; Actuator's other labels
          assertTrue(labelValues(p, "status").containsAll(List.of("200", "404", "500")));
          assertTrue(labelValues(p, "outcome").containsAll(List.of("SUCCESS", "CLIENT_ERROR", "SERVER_ERROR")));
          assertTrue(labelValues(p, "uri").containsAll(List.of("/health", "/boom", "NOT_FOUND")));
          assertTrue(labelValues(p, "exception").containsAll(List.of("none", "IllegalStateException")));
          assertTrue(labelValues(p, "error").contains("IllegalStateException"));
          assertTrue(p.value("max(http_server_requests_seconds_max)") > 0);
        });
  }

  interface Checks {
    void run(Prometheus p) throws Exception;
  }

  private void runDashboard(String job, String agentOptions, String queriesFile, Checks checks)
      throws Exception {
    Path prometheusBin = Stack.findTool("prometheus", "prometheus.bin", "/usr/bin/prometheus");
    Stack.assumeTool(prometheusBin, "prometheus", "prometheus.bin", "/usr/bin/prometheus");
    Path jar = Stack.requireJar("springBoot35.jar", "test-apps/spring-boot-3.5/target/spring-boot-app-3.5.jar");
    Path dir = Stack.workDir("naming-" + job);
    Dashboard d = Dashboard.read(queriesFile);
    try (AgentApp app = AgentApp.start(dir, APP, jar, agentOptions)) {
      String target = "127.0.0.1:" + app.metricsPort;
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, String.join("\n",
          "global:", "  scrape_interval: 1s", "  scrape_timeout: 1s", "scrape_configs:",
          "  - job_name: " + job, "    static_configs:", "      - targets: ['" + target + "']", ""));
      try (Prometheus p = Prometheus.start(prometheusBin, config, dir)) {
        await("target up", () -> p.value("up{job=\"" + job + "\"}") == 1.0);
        // two rounds of traffic, each seen by two scrapes: every rate() has an increase to show
        for (int round = 0; round < 2; round++) {
          double before = scrapes(p, job);
          traffic(app.url);
          await("two scrapes after the traffic", () -> scrapes(p, job) >= before + 2);
        }
        Map<String, String> vars = variables(p, d);
        List<String> empty = new ArrayList<>();
        for (Map.Entry<String, String> q : d.queries.entrySet()) {
          String expr = substitute(q.getValue(), vars);
          JsonNode result = p.query(expr);
          if (!result.isArray() || result.size() == 0) {
            empty.add(q.getKey() + ": " + expr);
            continue;
          }
          for (JsonNode s : result) {
            String v = s.path("value").get(1).asText();
            assertFalse("NaN".equals(v), q.getKey() + " gave NaN: " + expr + " -> " + result);
          }
        }
        assertEquals(List.of(), empty, "dashboard queries without data");
        assertTrue(d.queries.size() >= 4, "queries read: " + d.queries.keySet());
        checks.run(p);
      }
    }
  }

  /** Requests whose label values the dashboards filter on: 2xx, 404, and a 500 from a throw. */
  private void traffic(URI app) throws Exception {
    for (int i = 0; i < 5; i++) {
      get(app, "/health", 200);
    }
    get(app, "/items/7", 200);
    get(app, "/boom", 500);
    get(app, "/no-such-page", 404);
  }

  private void get(URI app, String path, int expected) throws Exception {
    HttpResponse<String> r =
        http.send(HttpRequest.newBuilder(app.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(expected, r.statusCode(), "GET " + path);
  }

  private static double scrapes(Prometheus p, String job) {
    double v = p.value("count_over_time(up{job=\"" + job + "\"}[10m])");
    return Double.isNaN(v) ? 0 : v;
  }

  /** Each template variable's query, as Grafana runs it; All selected: every value it found. */
  private static Map<String, String> variables(Prometheus p, Dashboard d) {
    Map<String, String> vars = new LinkedHashMap<>();
    Pattern labelValues = Pattern.compile("label_values\\((?:(.*),)?\\s*(\\w+)\\)");
    for (Map.Entry<String, String> v : d.variables.entrySet()) {
      java.util.regex.Matcher m = labelValues.matcher(substitute(v.getValue(), vars));
      if (!m.matches()) {
        fail("variable " + v.getKey() + ": not a label_values query: " + v.getValue());
      }
      String path = "/api/v1/label/" + m.group(2) + "/values"
          + (m.group(1) == null ? "" : "?match[]=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8));
      TreeSet<String> values = new TreeSet<>();
      p.get(path).path("data").forEach(n -> values.add(n.asText()));
      assertFalse(values.isEmpty(), "variable " + v.getKey() + " has no values: " + path);
      vars.put(v.getKey(), String.join("|", values));
    }
    return vars;
  }

  private static String substitute(String expr, Map<String, String> vars) {
    String out = expr;
    for (Map.Entry<String, String> v : vars.entrySet()) {
      out = out.replace("${" + v.getKey() + "}", v.getValue()).replace("$" + v.getKey(), v.getValue());
    }
    return out;
  }

  private static TreeSet<String> labelValues(Prometheus p, String label) {
    TreeSet<String> values = new TreeSet<>();
    p.get("/api/v1/label/" + label + "/values").path("data").forEach(n -> values.add(n.asText()));
    return values;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + WAIT.getSeconds() + " s waiting for " + what);
      }
      Thread.sleep(250);
    }
  }

  /** A dashboard's queries as the resource lists them: variables, then "title | expr" lines. */
  static final class Dashboard {
    final Map<String, String> variables = new LinkedHashMap<>();
    final Map<String, String> queries = new LinkedHashMap<>();

    static Dashboard read(String resource) throws IOException {
      Dashboard d = new Dashboard();
      try (var in = NamingDashboardsIT.class.getResourceAsStream("/dashboards/" + resource)) {
        if (in == null) {
          fail("no resource dashboards/" + resource);
        }
        int n = 0;
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (line.startsWith("#") || line.isBlank()) {
            continue;
          }
          if (line.startsWith("var ")) {
            int eq = line.indexOf(" = ");
            d.variables.put(line.substring(4, eq).trim(), line.substring(eq + 3).trim());
          } else {
            int bar = line.indexOf(" | ");
            d.queries.put(++n + ". " + line.substring(0, bar), line.substring(bar + 3));
          }
        }
      }
      return d;
    }
  }
}
