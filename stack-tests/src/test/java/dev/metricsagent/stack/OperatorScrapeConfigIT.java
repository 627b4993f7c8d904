package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The label clash of the Prometheus Operator, on a real Prometheus scraping the real agent.
 *
 * <p>For a PodMonitor the Operator generates a scrape config (its {@code promcfg.go},
 * generatePodMonitorConfig): kubernetes_sd_configs role pod, then relabel_configs that keep the
 * selected pods and port, set namespace, container, pod, job, and {@code endpoint=<port name>},
 * then the monitor's own relabelings, then its metricRelabelings. This test writes that config
 * out as a plain Prometheus config, three times from three PodMonitors: the shipped {@code
 * scripts/k8s/podmonitor.yaml}, the same without its relabelings (what most users write), and
 * that with {@code honorLabels: true} (the documented alternative). Kubernetes discovery is
 * replaced by file_sd carrying the same {@code __meta_kubernetes_*} labels for the pod's two
 * ports, so every relabel rule runs on what it would see in a cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorScrapeConfigIT {
  static final Path POD_MONITOR = Stack.repo("scripts/k8s/podmonitor.yaml");
  static final String NAMESPACE = "default";
  static final String POD = "demo-app-7c9d8b6f5-x2x7q";
  static final Duration WAIT = Duration.ofSeconds(90);
  /** Endpoints of the requests sent below; what the endpoint label must read. */
  static final Set<String> ENDPOINTS = Set.of("/products", "/products/:id", "unmatched");

  private Path prometheusBin;
  private DemoApp app;
  private Prometheus prometheus;
  private String shippedJob;

  @BeforeAll
  void start() throws Exception {
    prometheusBin = Stack.findTool("prometheus", "prometheus.bin", "/usr/bin/prometheus");
    if (prometheusBin == null) {
      return;
    }
    Path dir = Stack.workDir("operator-scrape-config");
    try {
      app = DemoApp.start(dir);
      JsonNode shipped = Stack.readYaml(POD_MONITOR);
      ObjectNode plain = shipped.deepCopy();
      ((ObjectNode) plain.path("metadata")).put("name", "plain");
      for (JsonNode ep : plain.path("spec").path("podMetricsEndpoints")) {
        ((ObjectNode) ep).remove("relabelings");
        ((ObjectNode) ep).remove("honorLabels");
      }
      ObjectNode honor = plain.deepCopy();
      ((ObjectNode) honor.path("metadata")).put("name", "honor-labels");
      honor.path("spec").path("podMetricsEndpoints").forEach(ep -> ((ObjectNode) ep).put("honorLabels", true));

      Path targets = dir.resolve("pods.yml");
      Files.writeString(targets, podTargets(shipped, app));
      ObjectNode cfg = Stack.YAML.createObjectNode();
      ObjectNode global = cfg.putObject("global");
      global.put("scrape_interval", "1s");
      global.put("scrape_timeout", "1s");
      global.put("evaluation_interval", "1s");
      ArrayNode jobs = cfg.putArray("scrape_configs");
      for (JsonNode monitor : List.of(shipped, plain, honor)) {
        jobs.add(operatorScrapeConfig(monitor, targets));
      }
      Path config = dir.resolve("prometheus.yml");
      Stack.YAML.writeValue(config.toFile(), cfg);
      System.out.println("[stack-tests] Operator-style config:\n" + Files.readString(config));
      prometheus = Prometheus.start(prometheusBin, config, dir);

      HttpClient http = HttpClient.newHttpClient();
      send(http, "POST", "/products", "{\"id\": 1, \"name\": \"Pen\", \"price\": 1.5, \"amount\": 2}", 201);
      send(http, "GET", "/products/1", null, 200);
      send(http, "GET", "/no/such/route", null, 404);
      await("3 scrape pools with one target each",
          () -> prometheus.get("/api/v1/targets?state=active").path("data").path("activeTargets").size() == 3);
      shippedJob = jobLabel(shipped);
      for (String job : List.of(shippedJob, NAMESPACE + "/plain", NAMESPACE + "/honor-labels")) {
        await("3 requests scraped by job " + job,
            () -> prometheus.value("sum(http_requests_total{job=\"" + job + "\"})") == 3.0);
      }
    } catch (Throwable t) {
      stop();
      throw t;
    }
  }

  @BeforeEach
  void needsPrometheus() {
    Stack.assumeTool(prometheusBin, "prometheus", "prometheus.bin", "/usr/bin/prometheus");
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

  @Test
  void theShippedPodMonitorKeepsTheEndpointLabelIntact() {
    assertEquals("metrics-agent", shippedJob, "the job the shipped rules, alerts and dashboard select");
    assertEquals(ENDPOINTS, values("http_requests_total{job=\"metrics-agent\"}", "endpoint"));
    assertEquals(0, prometheus.query("{job=\"metrics-agent\", exported_endpoint!=\"\"}").size(),
        "no series of the shipped monitor has exported_endpoint");
    assertEquals(Set.of(NAMESPACE), values("http_requests_total{job=\"metrics-agent\"}", "namespace"));
    assertEquals(Set.of(POD), values("http_requests_total{job=\"metrics-agent\"}", "pod"));
    assertEquals(Set.of("app"), values("http_requests_total{job=\"metrics-agent\"}", "container"));
    assertEquals(1.0, prometheus.value("http_requests_total{job=\"metrics-agent\", endpoint=\"/products/:id\", method=\"GET\"}"));
  }

  @Test
  void withoutItTheOperatorsEndpointLabelRenamesOursToExportedEndpoint() {
    String job = NAMESPACE + "/plain";
    assertEquals(Set.of("metrics"), values("http_requests_total{job=\"" + job + "\"}", "endpoint"),
        "the Operator's target label (the port name) took endpoint");
    assertEquals(ENDPOINTS, values("http_requests_total{job=\"" + job + "\"}", "exported_endpoint"));
  }

  @Test
  void honorLabelsAlsoKeepsIt() {
    String job = NAMESPACE + "/honor-labels";
    assertEquals(ENDPOINTS, values("http_requests_total{job=\"" + job + "\"}", "endpoint"));
    assertEquals(0, prometheus.query("{job=\"" + job + "\", exported_endpoint!=\"\"}").size());
  }

  @Test
  void onlyTheMetricsPortIsScraped() {
    Map<String, Set<String>> byJob = new java.util.TreeMap<>();
    for (JsonNode t : prometheus.get("/api/v1/targets?state=active").path("data").path("activeTargets")) {
      byJob.computeIfAbsent(t.path("labels").path("job").asText(), k -> new TreeSet<>())
          .add(t.path("scrapeUrl").asText() + " " + t.path("health").asText());
    }
    String url = "http://127.0.0.1:" + app.metricsPort + "/metrics up";
    assertEquals(Map.of(shippedJob, Set.of(url), NAMESPACE + "/plain", Set.of(url), NAMESPACE + "/honor-labels",
        Set.of(url)), byJob, "the app's http port is dropped by the Operator's port keep rule");
  }

  // ---- the Operator's generated config, as a plain Prometheus config -----------------------

  /**
   * The pod as Kubernetes pod discovery describes it: one target per container port, with the
   * pod's labels as {@code __meta_kubernetes_pod_label_*}.
   */
  private static String podTargets(JsonNode monitor, DemoApp app) {
    StringBuilder b = new StringBuilder();
    Map<String, Integer> ports = Map.of("http", app.url.getPort(), "metrics", app.metricsPort);
    for (Map.Entry<String, Integer> p : new java.util.TreeMap<>(ports).entrySet()) {
      b.append("- targets: [\"127.0.0.1:").append(p.getValue()).append("\"]\n  labels:\n");
      label(b, "__meta_kubernetes_namespace", NAMESPACE);
      label(b, "__meta_kubernetes_pod_name", POD);
      label(b, "__meta_kubernetes_pod_phase", "Running");
      label(b, "__meta_kubernetes_pod_ready", "true");
      label(b, "__meta_kubernetes_pod_container_name", "app");
      label(b, "__meta_kubernetes_pod_container_port_name", p.getKey());
      label(b, "__meta_kubernetes_pod_container_port_number", p.getValue().toString());
      // the pod's labels: those the monitor selects on (deployment.yaml's pod template has them)
      for (Iterator<Map.Entry<String, JsonNode>> it = monitor.path("spec").path("selector").path("matchLabels").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> l = it.next();
        label(b, "__meta_kubernetes_pod_label_" + sanitize(l.getKey()), l.getValue().asText());
        label(b, "__meta_kubernetes_pod_labelpresent_" + sanitize(l.getKey()), "true");
      }
    }
    return b.toString();
  }

  private static void label(StringBuilder b, String name, String value) {
    b.append("    ").append(name).append(": \"").append(value).append("\"\n");
  }

  private static String sanitize(String labelName) {
    return labelName.replaceAll("[^a-zA-Z0-9_]", "_");
  }

  /** generatePodMonitorConfig for the monitor's first endpoint, file_sd in place of pod discovery. */
  private static ObjectNode operatorScrapeConfig(JsonNode monitor, Path targets) {
    String ns = NAMESPACE;
    String name = monitor.path("metadata").path("name").asText();
    JsonNode ep = monitor.path("spec").path("podMetricsEndpoints").get(0);
    ObjectNode job = Stack.YAML.createObjectNode();
    job.put("job_name", "podMonitor/" + ns + "/" + name + "/0");
    job.put("honor_labels", ep.path("honorLabels").asBoolean(false));
    job.putArray("file_sd_configs").addObject().putArray("files").add(targets.toString());
    // interval: 1s here, whatever the monitor says (ep.interval), so the test takes seconds
    if (ep.has("path")) {
      job.put("metrics_path", ep.path("path").asText());
    }
    ArrayNode r = job.putArray("relabel_configs");
    ObjectNode tmp = r.addObject();
    tmp.putArray("source_labels").add("job");
    tmp.put("target_label", "__tmp_prometheus_job_name");
    ObjectNode running = r.addObject();
    running.put("action", "drop");
    running.putArray("source_labels").add("__meta_kubernetes_pod_phase");
    running.put("regex", "(Failed|Succeeded)");
    for (Iterator<Map.Entry<String, JsonNode>> it = monitor.path("spec").path("selector").path("matchLabels").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> l = it.next();
      ObjectNode keep = r.addObject();
      keep.put("action", "keep");
      keep.putArray("source_labels")
          .add("__meta_kubernetes_pod_label_" + sanitize(l.getKey()))
          .add("__meta_kubernetes_pod_labelpresent_" + sanitize(l.getKey()));
      keep.put("regex", "(" + l.getValue().asText() + ");true");
    }
    String port = ep.path("port").asText();
    if (port.isEmpty()) {
      fail(POD_MONITOR + ": podMetricsEndpoints[0].port must name the container port");
    }
    ObjectNode keepPort = r.addObject();
    keepPort.put("action", "keep");
    keepPort.putArray("source_labels").add("__meta_kubernetes_pod_container_port_name");
    keepPort.put("regex", port);
    for (String[] m : new String[][] {
      {"__meta_kubernetes_namespace", "namespace"},
      {"__meta_kubernetes_pod_container_name", "container"},
      {"__meta_kubernetes_pod_name", "pod"}}) {
      ObjectNode c = r.addObject();
      c.putArray("source_labels").add(m[0]);
      c.put("target_label", m[1]);
    }
    ObjectNode jobLabel = r.addObject();
    jobLabel.put("target_label", "job");
    jobLabel.put("replacement", ns + "/" + name);
    ObjectNode endpoint = r.addObject();
    endpoint.put("target_label", "endpoint");
    endpoint.put("replacement", port);
    for (JsonNode rc : ep.path("relabelings")) {
      r.add(relabelConfig(rc));
    }
    // generateAddressShardingRelabelingRules, one shard
    ObjectNode hash = r.addObject();
    hash.putArray("source_labels").add("__address__");
    hash.put("target_label", "__tmp_hash");
    hash.put("modulus", 1);
    hash.put("action", "hashmod");
    ObjectNode shard = r.addObject();
    shard.putArray("source_labels").add("__tmp_hash");
    shard.put("regex", "0");
    shard.put("action", "keep");
    ArrayNode metric = job.putArray("metric_relabel_configs");
    for (JsonNode rc : ep.path("metricRelabelings")) {
      metric.add(relabelConfig(rc));
    }
    return job;
  }

  /** A PodMonitor RelabelConfig (camelCase) as Prometheus's relabel_config, as the Operator writes it. */
  private static ObjectNode relabelConfig(JsonNode rc) {
    ObjectNode out = Stack.YAML.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = rc.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      switch (f.getKey()) {
        case "sourceLabels":
          out.set("source_labels", f.getValue());
          break;
        case "targetLabel":
          out.set("target_label", f.getValue());
          break;
        case "action":
          out.put("action", f.getValue().asText().toLowerCase(java.util.Locale.ROOT));
          break;
        case "separator":
        case "regex":
        case "modulus":
        case "replacement":
          out.set(f.getKey(), f.getValue());
          break;
        default:
          fail(POD_MONITOR + ": unknown relabeling field " + f.getKey());
      }
    }
    return out;
  }

  /** The job label the relabel rules give the shipped monitor's series. */
  private String jobLabel(JsonNode shipped) {
    Set<String> jobs = new TreeSet<>();
    for (JsonNode t : prometheus.get("/api/v1/targets?state=active").path("data").path("activeTargets")) {
      if (t.path("scrapePool").asText().equals("podMonitor/" + NAMESPACE + "/"
          + shipped.path("metadata").path("name").asText() + "/0")) {
        jobs.add(t.path("labels").path("job").asText());
      }
    }
    assertEquals(1, jobs.size(), "one job label for the shipped monitor's targets: " + jobs);
    return jobs.iterator().next();
  }

  private Set<String> values(String promql, String label) {
    Set<String> out = new TreeSet<>();
    for (JsonNode s : prometheus.query(promql)) {
      out.add(s.path("metric").path(label).asText());
    }
    return out;
  }

  private void send(HttpClient http, String method, String path, String json, int status) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(app.url.resolve(path)).timeout(Duration.ofSeconds(30));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(status, r.statusCode(), method + " " + path + ": " + r.body());
  }

  private void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + WAIT.getSeconds() + " s waiting for " + what + "; prometheus log "
            + prometheus.child.log);
      }
      Thread.sleep(250);
    }
    assertTrue(app.child.process.isAlive(), "the demo app is running");
  }
}
