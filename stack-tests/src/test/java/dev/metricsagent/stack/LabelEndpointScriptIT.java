package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * scripts/prometheus/label-endpoint: the shipped rules, alerts, their unit tests and the dashboard
 * for agents run with {@code label_endpoint=route}, from the one name given to it. promtool must
 * accept the rules and pass the renamed unit tests (whose input series carry {@code route}), and
 * no query of the dashboard may still select or group by {@code endpoint}.
 */
class LabelEndpointScriptIT {
  /** A reference to the label endpoint in PromQL (not $endpoint, not job_endpoint:...). */
  static final Pattern LABEL =
      Pattern.compile("(?<![\\w$.])endpoint(?=\\s*(?:=~|!~|!=|=|,|\\)))");

  @Test
  void rendersRulesAlertsAndDashboardForAnotherLabelName() throws Exception {
    Path promtool = Stack.findTool("promtool", "promtool.bin", "/usr/bin/promtool");
    Stack.assumeTool(promtool, "promtool", "promtool.bin", "/usr/bin/promtool");
    Path dir = Stack.workDir("label-endpoint");
    Path out = dir.resolve("out");
    run(dir, "render", Stack.repo("scripts/prometheus/label-endpoint").toString(), "route", out.toString());
    String check = run(out, "check", promtool.toString(), "check", "rules", "rules.yml", "alerts.yml");
    assertTrue(check.contains("SUCCESS"), check);
    String test = run(out, "test", promtool.toString(), "test", "rules", "rules_test.yml", "alerts_test.yml");
    assertFalse(test.contains("FAILED"), test);

    List<String> shipped = exprs(Stack.readJson(Stack.repo("scripts/grafana/dashboards/metrics-agent.json")));
    List<String> rendered = exprs(Stack.readJson(out.resolve("metrics-agent.json")));
    assertEquals(shipped.size(), rendered.size());
    assertTrue(shipped.stream().anyMatch(e -> LABEL.matcher(e).find()), "the shipped dashboard uses endpoint");
    for (String e : rendered) {
      assertFalse(LABEL.matcher(e).find(), "still the endpoint label: " + e);
    }
    assertTrue(rendered.stream().anyMatch(e -> e.contains("route=~\"$endpoint\"")), rendered.toString());
  }

  /** Every query of the dashboard: panel targets and template variables. */
  private static List<String> exprs(JsonNode dashboard) {
    List<String> out = new ArrayList<>();
    dashboard.findValues("expr").forEach(n -> out.add(n.asText()));
    for (JsonNode v : dashboard.path("templating").path("list")) {
      JsonNode q = v.path("query");
      out.add(q.isObject() ? q.path("query").asText() : q.asText());
    }
    return out;
  }

  private static String run(Path cwd, String name, String... cmd) throws Exception {
    try (Child c = Child.start(name, List.of(cmd), cwd.toFile().exists() ? cwd : cwd.getParent(),
        Stack.workDir("label-endpoint-" + name).resolve("out.log"), Map.of())) {
      int code = c.awaitExit(Duration.ofSeconds(60));
      assertEquals(0, code, String.join(" ", cmd) + " exited " + code + ":" + c.tail());
      return c.output();
    }
  }
}
