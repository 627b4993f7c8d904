package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * scripts/k8s against the Kubernetes API schemas and the Prometheus Operator's CRD schemas, with
 * the validator of scripts/k8s/validate: npm packages kubernetes-models and
 * {@code @kubernetes-models/prometheus-operator} (JSON schemas generated from the upstream
 * OpenAPI and CRD definitions, checked with ajv), installed by {@code npm ci} from the committed
 * lock file into a copy under target/. Node.js and npm come with the machine; where they are
 * missing the test skips loudly, and fails under CI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class K8sSchemaIT {
  static final Path VALIDATE = Stack.repo("scripts/k8s/validate");
  private Path dir;
  private Path node;
  private Path npm;

  @BeforeAll
  void install() throws Exception {
    node = onPath("node");
    npm = onPath("npm");
    if (node == null || npm == null) {
      String msg = "node and npm are needed to validate scripts/k8s against their schemas (Node.js 20, npm)";
      if (System.getenv("CI") != null && !System.getenv("CI").isEmpty()) {
        fail(msg);
      }
      System.err.println("\n*** SKIPPING: " + msg + " ***\n");
      return;
    }
    dir = Stack.workDir("k8s-schema");
    for (String f : List.of("package.json", "package-lock.json", "validate.mjs")) {
      Files.copy(VALIDATE.resolve(f), dir.resolve(f));
    }
    run("npm ci", 0, List.of(npm.toString(), "ci", "--no-audit", "--no-fund"), Duration.ofSeconds(300));
  }

  @Test
  void theShippedManifestsAreValid() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(dir != null, "node/npm missing");
    List<String> cmd = new ArrayList<>(List.of(node.toString(), dir.resolve("validate.mjs").toString()));
    for (String f : List.of("deployment.yaml", "service.yaml", "podmonitor.yaml")) {
      cmd.add(Stack.repo("scripts/k8s/" + f).toString());
    }
    String out = run("validate", 0, cmd, Duration.ofSeconds(60));
    assertTrue(out.contains("valid " + Stack.repo("scripts/k8s/deployment.yaml") + " Deployment/demo-app"), out);
    assertTrue(out.contains("valid " + Stack.repo("scripts/k8s/service.yaml") + " Service/demo-app"), out);
    assertTrue(out.contains("valid " + Stack.repo("scripts/k8s/podmonitor.yaml") + " PodMonitor/demo-app"), out);
    assertTrue(out.contains("3 valid, 0 invalid"), out);
  }

  /** The validator is not a rubber stamp: a wrong type in each manifest kind is rejected. */
  @Test
  void brokenManifestsAreRejected() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(dir != null, "node/npm missing");
    Path broken = dir.resolve("broken");
    Files.createDirectories(broken);
    String deployment = Files.readString(Stack.repo("scripts/k8s/deployment.yaml"));
    String podMonitor = Files.readString(Stack.repo("scripts/k8s/podmonitor.yaml"));
    Files.writeString(broken.resolve("deployment.yaml"),
        replaceOnce(deployment, "containerPort: 9464", "containerPort: \"nine-four-six-four\""));
    Files.writeString(broken.resolve("podmonitor.yaml"),
        replaceOnce(podMonitor, "podMetricsEndpoints:", "podMetricsEndpoints: 3\n  unused:"));
    String out = run("validate-broken", 1, List.of(node.toString(), dir.resolve("validate.mjs").toString(),
        broken.resolve("deployment.yaml").toString(), broken.resolve("podmonitor.yaml").toString()), Duration.ofSeconds(60));
    assertTrue(out.contains("INVALID " + broken.resolve("deployment.yaml") + " Deployment/demo-app"), out);
    assertTrue(out.contains("containerPort must be integer"), out);
    assertTrue(out.contains("INVALID " + broken.resolve("podmonitor.yaml") + " PodMonitor/demo-app"), out);
    assertTrue(out.contains("0 valid, 2 invalid"), out);
  }

  private static String replaceOnce(String text, String from, String to) {
    assertTrue(text.contains(from), "manifest contains " + from);
    return text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
  }

  private String run(String name, int expected, List<String> cmd, Duration timeout) throws Exception {
    try (Child c = Child.start(name, cmd, dir, dir.resolve(name + ".log"), Map.of())) {
      int code = c.awaitExit(timeout);
      String out = c.output();
      System.out.println(out);
      assertEquals(expected, code, String.join(" ", cmd) + " exited " + code + ":\n" + out);
      return out;
    }
  }

  private static Path onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Paths.get(d, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
