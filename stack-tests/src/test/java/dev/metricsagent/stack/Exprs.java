package dev.metricsagent.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL of the shipped dashboard and alert rules, made evaluable by plain Prometheus. */
final class Exprs {
  /** One query: where it comes from (for messages and the expected-empty lists) and its text. */
  static final class Query {
    final String source;
    final String expr;

    Query(String source, String expr) {
      this.source = source;
      this.expr = expr;
    }

    @Override
    public String toString() {
      return source + ": " + expr;
    }
  }

  static final Path DASHBOARD = Stack.repo("scripts/grafana/dashboards/metrics-agent.json");
  static final Path ALERTS = Stack.repo("scripts/prometheus/alerts.yml");
  static final Path RULES = Stack.repo("scripts/prometheus/rules.yml");

  private Exprs() {}

  /** Every panel target's expr, rows' nested panels included; source = "panel title / refId". */
  static List<Query> dashboardTargets(JsonNode dashboard) {
    List<Query> out = new ArrayList<>();
    collect(dashboard.path("panels"), out);
    return out;
  }

  private static void collect(JsonNode panels, List<Query> out) {
    for (JsonNode p : panels) {
      for (JsonNode t : p.path("targets")) {
        if (t.hasNonNull("expr")) {
          out.add(new Query(p.path("title").asText() + " / " + t.path("refId").asText(), t.path("expr").asText()));
        }
      }
      collect(p.path("panels"), out);
    }
  }

  /** Every panel, rows' nested panels included. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    collectPanels(dashboard.path("panels"), out);
    return out;
  }

  private static void collectPanels(JsonNode panels, List<JsonNode> out) {
    for (JsonNode p : panels) {
      out.add(p);
      collectPanels(p.path("panels"), out);
    }
  }

  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\(\\s*(?:(.*)\\s*,\\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$", Pattern.DOTALL);

  /**
   * Template variables of type query, as PromQL: Grafana's {@code label_values(sel, label)} is
   * {@code count by (label) (sel)}, which is empty exactly when the variable has no values.
   */
  static List<Query> variableQueries(JsonNode dashboard) {
    List<Query> out = new ArrayList<>();
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if (!"query".equals(v.path("type").asText())) {
        continue;
      }
      JsonNode q = v.path("query");
      String text = q.isObject() ? q.path("query").asText() : q.asText();
      Matcher m = LABEL_VALUES.matcher(text);
      String expr;
      if (m.matches()) {
        String sel = m.group(1) == null ? "{" + m.group(2) + "!=\"\"}" : m.group(1);
        expr = "count by (" + m.group(2) + ") (" + sel + ")";
      } else if (text.startsWith("query_result(") && text.endsWith(")")) {
        expr = text.substring("query_result(".length(), text.length() - 1);
      } else {
        throw new AssertionError("variable " + v.path("name").asText() + ": unsupported query " + text);
      }
      out.add(new Query("variable $" + v.path("name").asText(), expr));
    }
    return out;
  }

  /** Alert and recording rules of alerts.yml; source = "alert NAME" or "record NAME". */
  static List<Query> rules(JsonNode alertsYaml) {
    List<Query> out = new ArrayList<>();
    for (JsonNode g : alertsYaml.path("groups")) {
      for (JsonNode r : g.path("rules")) {
        String name = r.has("alert") ? "alert " + r.path("alert").asText() : "record " + r.path("record").asText();
        out.add(new Query(name, r.path("expr").asText()));
      }
    }
    return out;
  }

  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::[^}]*)?\\}|\\[\\[([A-Za-z0-9_]+)(?::[^]]*)?\\]\\]|\\$([A-Za-z0-9_]+)");

  /**
   * Grafana's variables replaced as Grafana would for "everything": interval variables ({@code
   * $__rate_interval}, {@code $__interval}, {@code $__range}) by {@code 1m}, {@code $job} by the
   * shipped job name, every other variable by {@code .*} (the dashboard's "All" value; the
   * dashboard uses {@code =~} for those).
   */
  static String substitute(String expr) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      String value;
      if (name.startsWith("__") && (name.contains("interval") || name.startsWith("__range"))) {
        value = "1m";
      } else if (name.equals("job")) {
        value = Stack.JOB;
      } else {
        value = ".*";
      }
      m.appendReplacement(b, Matcher.quoteReplacement(value));
    }
    m.appendTail(b);
    return b.toString();
  }

  private static final Pattern METRIC = Pattern.compile("(?<![\\w:\"])([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{");

  /** Metric names in an expression: identifiers right before a label matcher's {@code {}. */
  static Set<String> metricNames(String expr) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
