package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus, alert and Grafana files, read without running anything: how they
 * refer to each other (job name, rule files, data source uid, intervals) and that every alert
 * has unit tests that fire it and keep it quiet. PromtoolRulesIT and PrometheusStackIT then run
 * them for real.
 */
class MonitoringFilesTest {
  static final Path PROM = Stack.repo("scripts/prometheus");
  static final Path GRAFANA = Stack.repo("scripts/grafana");

  @Test
  void prometheusConfigScrapesTheAgentEvery15s() throws IOException {
    JsonNode cfg = Stack.readYaml(PROM.resolve("prometheus.yml"));
    assertEquals("15s", cfg.path("global").path("scrape_interval").asText());
    List<String> rules = new ArrayList<>();
    cfg.path("rule_files").forEach(r -> rules.add(r.asText()));
    assertEquals(List.of("rules.yml", "alerts.yml"), rules);
    JsonNode job = null;
    for (JsonNode j : cfg.path("scrape_configs")) {
      if (Stack.JOB.equals(j.path("job_name").asText())) {
        job = j;
      }
    }
    assertTrue(job != null, "job " + Stack.JOB);
    assertEquals("/metrics", job.path("metrics_path").asText("/metrics"));
    List<String> targets = new ArrayList<>();
    for (JsonNode sd : job.path("file_sd_configs")) {
      for (JsonNode f : sd.path("files")) {
        Path glob = PROM.resolve(f.asText());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(glob.getParent(), glob.getFileName().toString())) {
          for (Path file : files) {
            Stack.readYaml(file).forEach(g -> g.path("targets").forEach(t -> targets.add(t.asText())));
          }
        }
      }
    }
    for (JsonNode sc : job.path("static_configs")) {
      sc.path("targets").forEach(t -> targets.add(t.asText()));
    }
    assertEquals(List.of("localhost:9464"), targets, "the agent's default port, as scripts/demo runs it");
  }

  @Test
  void everyAlertIsCompleteAndSelectsTheJob() {
    Set<String> names = new HashSet<>();
    for (JsonNode g : Stack.readYaml(PROM.resolve("alerts.yml")).path("groups")) {
      for (JsonNode r : g.path("rules")) {
        String name = r.path("alert").asText();
        assertFalse(name.isEmpty(), "alerting rules only: " + r);
        assertTrue(names.add(name), "duplicate alert " + name);
        assertTrue(r.path("expr").asText().contains("job=\"metrics-agent\""), name + " selects job metrics-agent");
        assertTrue(r.path("for").asText().matches("\\d+[smh]"), name + " has a for: duration");
        assertTrue(Set.of("critical", "warning").contains(r.path("labels").path("severity").asText()), name + " severity");
        assertFalse(r.path("annotations").path("summary").asText().isEmpty(), name + " summary");
        assertFalse(r.path("annotations").path("description").asText().isEmpty(), name + " description");
      }
    }
    assertEquals(
        Set.of("MetricsAgentTargetDown", "MetricsAgentHighErrorRatio", "MetricsAgentHighLatencyP95",
            "MetricsAgentHighResidentMemory", "MetricsAgentFileDescriptorsNearLimit",
            "MetricsAgentJobDown", "MetricsAgentJobHighErrorRatio", "MetricsAgentJobHighLatencyP95"),
        names);
  }

  @Test
  void everyAlertHasAFiringAndAQuietUnitTest() {
    JsonNode tests = Stack.readYaml(PROM.resolve("alerts_test.yml"));
    List<String> files = new ArrayList<>();
    tests.path("rule_files").forEach(f -> files.add(f.asText()));
    assertEquals(List.of("rules.yml", "alerts.yml"), files);
    Set<String> fires = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (JsonNode t : tests.path("tests")) {
      for (JsonNode a : t.path("alert_rule_test")) {
        (a.path("exp_alerts").size() > 0 ? fires : quiet).add(a.path("alertname").asText());
      }
    }
    Set<String> alerts = new TreeSet<>();
    for (JsonNode g : Stack.readYaml(PROM.resolve("alerts.yml")).path("groups")) {
      g.path("rules").forEach(r -> alerts.add(r.path("alert").asText()));
    }
    assertEquals(alerts, fires, "alerts with a test case where they fire");
    assertEquals(alerts, quiet, "alerts with a test case where they must not fire");
  }

  @Test
  void dashboardPanelsUseTheProvisionedDataSource() {
    JsonNode ds = Stack.readYaml(GRAFANA.resolve("provisioning/datasources/prometheus.yml")).path("datasources");
    assertEquals(1, ds.size());
    String uid = ds.get(0).path("uid").asText();
    assertFalse(uid.isEmpty(), "the data source has a fixed uid");
    assertEquals("prometheus", ds.get(0).path("type").asText());
    assertEquals(
        Stack.readYaml(PROM.resolve("prometheus.yml")).path("global").path("scrape_interval").asText(),
        ds.get(0).path("jsonData").path("timeInterval").asText(),
        "Grafana's scrape interval (for $__rate_interval) equals Prometheus's");

    JsonNode dash = Stack.readJson(GRAFANA.resolve("dashboards/metrics-agent.json"));
    assertEquals("metrics-agent", dash.path("uid").asText());
    Set<Integer> ids = new HashSet<>();
    int withTargets = 0;
    for (JsonNode p : Exprs.panels(dash)) {
      assertTrue(ids.add(p.path("id").asInt()), "unique panel id " + p.path("id"));
      assertTrue(p.has("gridPos"), p.path("title") + " has a gridPos");
      if (p.path("targets").size() == 0) {
        continue;
      }
      withTargets++;
      assertEquals(uid, p.path("datasource").path("uid").asText(), "data source of panel " + p.path("title"));
      for (JsonNode t : p.path("targets")) {
        assertEquals(uid, t.path("datasource").path("uid").asText(uid), "data source of " + p.path("title") + " " + t.path("refId"));
        assertFalse(t.path("expr").asText().isBlank(), p.path("title") + " " + t.path("refId") + " has an expr");
      }
    }
    assertTrue(withTargets >= 10, "panels with queries: " + withTargets);
    for (JsonNode v : dash.path("templating").path("list")) {
      if ("query".equals(v.path("type").asText())) {
        assertEquals(uid, v.path("datasource").path("uid").asText(), "data source of variable " + v.path("name"));
      }
    }
  }

  @Test
  void dashboardShowsWhatTheIssueAsksFor() {
    JsonNode dash = Stack.readJson(GRAFANA.resolve("dashboards/metrics-agent.json"));
    StringBuilder all = new StringBuilder();
    Exprs.dashboardTargets(dash).forEach(q -> all.append(q.expr).append('\n'));
    String exprs = all.toString();
    for (String needed : List.of(
        "sum by (endpoint, status_code) (rate(http_requests_total",
        "job_endpoint:http_request_errors_per_requests:ratio_rate5m",
        "histogram_quantile(0.5, sum by (le, endpoint)",
        "histogram_quantile(0.95, sum by (le, endpoint)",
        "histogram_quantile(0.99, sum by (le, endpoint)",
        "rate(process_cpu_seconds_total",
        "process_resident_memory_bytes",
        "process_open_fds",
        "process_max_fds",
        "process_threads",
        "jvm_memory_used_bytes{job=\"$job\", instance=~\"$instance\", area=\"heap\"}",
        "jvm_gc_collection_seconds_sum")) {
      assertTrue(exprs.contains(needed), "a dashboard query contains " + needed);
    }
  }

  /**
   * Fleets: the panels over all instances read recording rules of rules.yml (each one recorded
   * there), and the per-instance panels follow the instance variable for drill-down.
   */
  @Test
  void dashboardUsesTheFleetRecordingRulesAndDrillsDownByInstance() {
    JsonNode dash = Stack.readJson(GRAFANA.resolve("dashboards/metrics-agent.json"));
    Set<String> recorded = new TreeSet<>();
    for (JsonNode g : Stack.readYaml(PROM.resolve("rules.yml")).path("groups")) {
      g.path("rules").forEach(r -> recorded.add(r.path("record").asText()));
    }
    Set<String> used = new TreeSet<>();
    for (Exprs.Query q : Exprs.dashboardTargets(dash)) {
      for (String name : Exprs.metricNames(q.expr)) {
        if (name.contains(":")) {
          assertTrue(recorded.contains(name), q.source + " reads " + name + ", which rules.yml does not record");
          used.add(name);
        }
      }
    }
    assertTrue(used.containsAll(Set.of(
        "job:http_requests:rate5m", "job:http_request_errors_per_requests:ratio_rate5m",
        "job_endpoint:http_request_errors_per_requests:ratio_rate5m",
        "job_endpoint_le:http_request_duration_seconds_bucket:rate5m",
        "job_endpoint:http_request_duration_seconds:mean5m",
        "job_instance:http_requests:rate5m", "job_instance:http_request_errors_per_requests:ratio_rate5m")), used.toString());
    JsonNode instance = null;
    for (JsonNode v : dash.path("templating").path("list")) {
      if ("instance".equals(v.path("name").asText())) {
        instance = v;
      }
    }
    assertTrue(instance != null && instance.path("multi").asBoolean() && instance.path("includeAll").asBoolean(),
        "a multi-value instance variable with All");
    int perInstance = 0;
    for (JsonNode p : Exprs.panels(dash)) {
      for (JsonNode t : p.path("targets")) {
        if (t.path("legendFormat").asText().contains("{{instance}}")) {
          perInstance++;
          assertTrue(t.path("expr").asText().contains("instance=~\"$instance\""), p.path("title") + " follows $instance");
        }
      }
    }
    assertTrue(perInstance >= 4, "panels with a series per instance: " + perInstance);
  }

  @Test
  void dashboardVariablesAreDefinedAndSubstituteAway() {
    JsonNode dash = Stack.readJson(GRAFANA.resolve("dashboards/metrics-agent.json"));
    Set<String> defined = new HashSet<>();
    dash.path("templating").path("list").forEach(v -> defined.add(v.path("name").asText()));
    Pattern var = Pattern.compile("\\$\\{?([A-Za-z0-9_]+)");
    List<Exprs.Query> qs = new ArrayList<>(Exprs.dashboardTargets(dash));
    qs.addAll(Exprs.variableQueries(dash));
    for (Exprs.Query q : qs) {
      Matcher m = var.matcher(q.expr);
      while (m.find()) {
        String name = m.group(1);
        assertTrue(defined.contains(name) || name.startsWith("__"), q.source + " uses undefined $" + name);
      }
      assertFalse(Exprs.substitute(q.expr).contains("$"), q.source);
    }
  }
}
