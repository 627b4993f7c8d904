package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** promtool (Debian's prometheus package) on the shipped config, alert rules and their tests. */
class PromtoolRulesIT {
  static Path promtool;
  static final Path PROMETHEUS_DIR = Stack.repo("scripts/prometheus");

  @BeforeAll
  static void findPromtool() {
    promtool = Stack.findTool("promtool", "promtool.bin", "/usr/bin/promtool");
  }

  @BeforeEach
  void needsPromtool() {
    Stack.assumeTool(promtool, "promtool", "promtool.bin", "/usr/bin/promtool");
  }

  @Test
  void shippedConfigIsValid() throws Exception {
    // As shipped: also checks that the rule files it names parse, and its target file.
    String out = promtool("check-config", "check", "config", "prometheus.yml");
    assertTrue(out.contains("SUCCESS"), out);
  }

  @Test
  void configAsTheStackTestRewritesItIsValid() throws Exception {
    Path dir = Stack.workDir("promtool-config");
    Path config = Prometheus.writeConfig(PROMETHEUS_DIR.resolve("prometheus.yml"), dir, "127.0.0.1:19464", "1s");
    run("check-generated-config", dir, promtool.toString(), "check", "config", config.toString());
  }

  @Test
  void alertRulesAreValid() throws Exception {
    String out = promtool("check-rules", "check", "rules", "alerts.yml");
    assertTrue(out.contains("SUCCESS"), out);
  }

  @Test
  void recordingRulesAreValidAndTheirUnitTestsPass() throws Exception {
    assertTrue(promtool("check-recording-rules", "check", "rules", "rules.yml").contains("SUCCESS"));
    String out = promtool("test-recording-rules", "test", "rules", "rules_test.yml");
    assertTrue(out.contains("SUCCESS"), out);
  }

  @Test
  void alertRuleUnitTestsPass() throws Exception {
    String out = promtool("test-rules", "test", "rules", "alerts_test.yml");
    assertTrue(out.contains("SUCCESS"), out);
  }

  private static String promtool(String name, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(promtool.toString());
    cmd.addAll(List.of(args));
    return run(name, PROMETHEUS_DIR, cmd.toArray(new String[0]));
  }

  private static String run(String name, Path cwd, String... cmd) throws Exception {
    Path dir = Stack.workDir("promtool-" + name);
    try (Child c = Child.start("promtool " + name, List.of(cmd), cwd, dir.resolve("out.log"), Map.of())) {
      int code = c.awaitExit(Duration.ofSeconds(60));
      String out = c.output();
      System.out.println(out);
      assertEquals(0, code, String.join(" ", cmd) + " (in " + cwd + ") exited " + code + ":\n" + out);
      return out;
    }
  }
}
