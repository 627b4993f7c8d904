package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests of scripts/k8s, read without a cluster: the fields that make the
 * agent work and be scraped, checked by name and against each other (the schemas that
 * K8sSchemaIT validates against accept unknown fields, so a misspelt one would pass there).
 */
class K8sManifestsTest {
  static final Path K8S = Stack.repo("scripts/k8s");

  private static JsonNode deployment() {
    JsonNode d = Stack.readYaml(K8S.resolve("deployment.yaml"));
    assertEquals("apps/v1", d.path("apiVersion").asText());
    assertEquals("Deployment", d.path("kind").asText());
    return d;
  }

  private static JsonNode podSpec() {
    return deployment().path("spec").path("template").path("spec");
  }

  private static JsonNode app() {
    for (JsonNode c : podSpec().path("containers")) {
      if (c.path("env").findValuesAsText("name").contains("JAVA_TOOL_OPTIONS")) {
        return c;
      }
    }
    throw new AssertionError("no container sets JAVA_TOOL_OPTIONS in deployment.yaml");
  }

  private static String env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (name.equals(e.path("name").asText())) {
        return e.path("value").asText();
      }
    }
    return null;
  }

  /** Named container ports of the app container: name -> number. */
  private static Map<String, Integer> ports(JsonNode container) {
    Map<String, Integer> out = new HashMap<>();
    container.path("ports").forEach(p -> out.put(p.path("name").asText(), p.path("containerPort").asInt()));
    return out;
  }

  private static Map<String, String> map(JsonNode node) {
    Map<String, String> out = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static final Pattern JAVAAGENT = Pattern.compile("-javaagent:(\\S+?\\.jar)(?:=(\\S*))?");

  @Test
  void anInitContainerCopiesTheAgentIntoAVolumeTheAppLoadsItFrom() throws IOException {
    JsonNode spec = podSpec();
    assertEquals(1, spec.path("initContainers").size(), "one init container");
    JsonNode init = spec.path("initContainers").get(0);
    JsonNode app = app();

    String volume = init.path("volumeMounts").get(0).path("name").asText();
    String initMount = init.path("volumeMounts").get(0).path("mountPath").asText();
    JsonNode vol = null;
    for (JsonNode v : spec.path("volumes")) {
      if (volume.equals(v.path("name").asText())) {
        vol = v;
      }
    }
    assertNotNull(vol, "volume " + volume + " is declared");
    assertTrue(vol.has("emptyDir"), "the shared volume is an emptyDir (lives as long as the pod)");

    String appMount = null;
    for (JsonNode m : app.path("volumeMounts")) {
      if (volume.equals(m.path("name").asText())) {
        appMount = m.path("mountPath").asText();
        assertTrue(m.path("readOnly").asBoolean(), "the app mounts the agent read-only");
      }
    }
    assertNotNull(appMount, "the app container mounts " + volume);

    // The init image's entrypoint (agent-image.Dockerfile) is "cp /metrics-agent.jar"; its one
    // argument is the destination in the shared volume.
    String dockerfile = Files.readString(K8S.resolve("agent-image.Dockerfile"));
    assertTrue(dockerfile.contains("COPY metrics-agent.jar /metrics-agent.jar"), dockerfile);
    assertTrue(dockerfile.contains("ENTRYPOINT [\"cp\", \"/metrics-agent.jar\"]"), dockerfile);
    assertEquals(1, init.path("args").size(), "init container args: " + init.path("args"));
    String copiedTo = init.path("args").get(0).asText();
    assertTrue(copiedTo.startsWith(initMount + "/"), copiedTo + " is inside the volume at " + initMount);
    String inApp = appMount + copiedTo.substring(initMount.length());

    Matcher m = JAVAAGENT.matcher(env(app, "JAVA_TOOL_OPTIONS"));
    assertTrue(m.find(), "JAVA_TOOL_OPTIONS has -javaagent: " + env(app, "JAVA_TOOL_OPTIONS"));
    assertEquals(inApp, m.group(1), "the app loads the jar the init container copied");
    Map<String, String> options = new HashMap<>();
    for (String kv : m.group(2).split(",")) {
      String[] p = kv.split("=", 2);
      options.put(p[0], p[1]);
    }
    assertEquals("0.0.0.0", options.get("host"), "the exporter listens on the pod IP, not loopback");
    assertEquals(Integer.valueOf(options.get("port")), ports(app).get("metrics"), "container port 'metrics' is the agent's");
  }

  @Test
  void podsAreAnnotatedForAnnotationBasedScraping() {
    JsonNode template = deployment().path("spec").path("template");
    Map<String, String> a = map(template.path("metadata").path("annotations"));
    assertEquals("true", a.get("prometheus.io/scrape"));
    assertEquals(String.valueOf(ports(app()).get("metrics")), a.get("prometheus.io/port"));
    assertEquals("/metrics", a.get("prometheus.io/path"));
    assertEquals(map(deployment().path("spec").path("selector").path("matchLabels")),
        filter(map(template.path("metadata").path("labels")), map(deployment().path("spec").path("selector").path("matchLabels"))),
        "the selector matches the pod template's labels");
    assertTrue(deployment().path("spec").path("replicas").asInt() >= 2, "several replicas");

    // The annotation scrape config keeps annotated pods and rewrites the address to the port
    // they name. Its regex is RE2, anchored; this one is the same in Java.
    JsonNode job = Stack.readYaml(K8S.resolve("prometheus-annotations.yml")).path("scrape_configs").get(0);
    assertEquals(Stack.JOB, job.path("job_name").asText(), "the job the shipped rules and alerts select");
    assertEquals("pod", job.path("kubernetes_sd_configs").get(0).path("role").asText());
    boolean keeps = false;
    boolean address = false;
    for (JsonNode r : job.path("relabel_configs")) {
      String src = r.path("source_labels").toString();
      if (src.contains("__meta_kubernetes_pod_annotation_prometheus_io_scrape")) {
        keeps = "keep".equals(r.path("action").asText()) && "true".equals(r.path("regex").asText());
      }
      if ("__address__".equals(r.path("target_label").asText())) {
        String joined = "10.1.2.3:8000;" + a.get("prometheus.io/port");
        Matcher m = Pattern.compile(r.path("regex").asText()).matcher(joined);
        assertTrue(m.matches(), r.toString());
        String out = r.path("replacement").asText().replace("$1", m.group(1)).replace("$2", m.group(2));
        assertEquals("10.1.2.3:" + a.get("prometheus.io/port"), out);
        address = true;
      }
      assertFalse("endpoint".equals(r.path("target_label").asText()), "no endpoint target label: it would clash");
    }
    assertTrue(keeps && address, "keeps annotated pods and scrapes the annotated port");
  }

  private static Map<String, String> filter(Map<String, String> labels, Map<String, String> selector) {
    Map<String, String> out = new HashMap<>();
    selector.keySet().forEach(k -> out.put(k, labels.get(k)));
    return out;
  }

  @Test
  void theServiceSelectsThePodsAndNamesTheirPorts() {
    JsonNode s = Stack.readYaml(K8S.resolve("service.yaml"));
    assertEquals("v1", s.path("apiVersion").asText());
    assertEquals("Service", s.path("kind").asText());
    Map<String, String> podLabels = map(deployment().path("spec").path("template").path("metadata").path("labels"));
    map(s.path("spec").path("selector")).forEach((k, v) -> assertEquals(v, podLabels.get(k), "selector " + k));
    Map<String, Integer> ports = ports(app());
    assertFalse(s.path("spec").path("ports").isEmpty());
    for (JsonNode p : s.path("spec").path("ports")) {
      String target = p.path("targetPort").asText();
      assertTrue(ports.containsKey(target) || ports.containsValue(p.path("targetPort").asInt()),
          "targetPort " + target + " is a container port of the app");
    }
  }

  @Test
  void thePodMonitorSelectsTheMetricsPortAndKeepsTheEndpointLabel() {
    JsonNode pm = Stack.readYaml(K8S.resolve("podmonitor.yaml"));
    assertEquals("monitoring.coreos.com/v1", pm.path("apiVersion").asText());
    assertEquals("PodMonitor", pm.path("kind").asText());
    Map<String, String> podLabels = map(deployment().path("spec").path("template").path("metadata").path("labels"));
    Map<String, String> selector = map(pm.path("spec").path("selector").path("matchLabels"));
    assertFalse(selector.isEmpty());
    selector.forEach((k, v) -> assertEquals(v, podLabels.get(k), "PodMonitor selector " + k));
    assertEquals(1, pm.path("spec").path("podMetricsEndpoints").size());
    JsonNode ep = pm.path("spec").path("podMetricsEndpoints").get(0);
    assertTrue(ports(app()).containsKey(ep.path("port").asText()), "port names a container port: " + ep.path("port"));
    assertEquals("metrics", ep.path("port").asText());
    assertEquals("/metrics", ep.path("path").asText("/metrics"));

    boolean dropsEndpoint = false;
    boolean jobIsOurs = false;
    for (JsonNode r : ep.path("relabelings")) {
      if ("labeldrop".equalsIgnoreCase(r.path("action").asText()) && "endpoint".matches(r.path("regex").asText())) {
        dropsEndpoint = true;
      }
      if ("job".equals(r.path("targetLabel").asText()) && Stack.JOB.equals(r.path("replacement").asText())) {
        jobIsOurs = true;
      }
    }
    assertTrue(dropsEndpoint || ep.path("honorLabels").asBoolean(),
        "the Operator's endpoint target label is dropped (or honorLabels set), so ours is not renamed");
    assertTrue(jobIsOurs, "job " + Stack.JOB + ", as the shipped rules, alerts and dashboard select");
  }
}
