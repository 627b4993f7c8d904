package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One framework app (issue 16: Spring Boot, Jersey), two child JVMs started together: one with
 * {@code -javaagent}, one bare. The same request sequence goes to both (the answers must be the
 * same: the agent changes nothing the client sees), then the agent is attached to the bare one
 * and the sequence is sent again. Each agent's metrics must then hold exactly the expected
 * series: per case the method, the framework's template (never the raw path) and the status the
 * client got; histogram counts equal to the counter; the app's routes in {@code http_route_info}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FrameworkAppIT {
  static final String REQUESTS = "http_requests_total";
  static final String DURATION = "http_request_duration_seconds";

  /** One request and what it must count as. */
  record Case(
      String method,
      String path,
      String body,
      List<String> headers,
      int status,
      String labelMethod,
      String endpoint) {}

  /** The app's jar. */
  abstract Path appJar();

  /** The app's arguments for a free port on 127.0.0.1. */
  abstract List<String> appArgs();

  /** The app's ready line; group 1 is its port. */
  abstract String readyLine();

  /** The request sequence. */
  abstract List<Case> cases();

  /** Every route the app declares, {@code "METHOD template"}: the expected route inventory. */
  abstract Set<String> routes();

  /**
   * What the servlet container's module lists besides (issue 15): its servlet mappings, as {@code
   * "ANY pattern"}, with no series at zero. None where the app runs on no servlet container.
   */
  Set<String> containerRoutes() {
    return Set.of();
  }

  /** Parts of an answer that differ between any two runs (a timestamp), masked before comparing. */
  String normaliseBody(String body) {
    return body;
  }

  private ChildJvm withAgent;
  private ChildJvm attached;
  private int agentMetricsPort;
  private int attachMetricsPort;
  private final List<String> agentAnswers = new ArrayList<>();
  private final List<String> bareAnswers = new ArrayList<>();
  private final SortedMap<String, Double> expected = new TreeMap<>();
  private Scrape agentScrape;
  private Scrape attachScrape;

  @BeforeAll
  void startBothSendTheSequenceAttachAndSendItAgain() {
    int[] ports = FreePort.distinct(2);
    agentMetricsPort = ports[0];
    attachMetricsPort = ports[1];
    String test = getClass().getSimpleName();
    // started together: a Spring Boot start takes seconds on a small machine
    withAgent =
        ChildJvm.builder(test, "agent")
            .agent("port=" + agentMetricsPort + ",host=127.0.0.1")
            .jar(appJar())
            .args(appArgs().toArray(new String[0]))
            .start();
    attached =
        ChildJvm.builder(test, "bare-then-attached")
            .jar(appJar())
            .args(appArgs().toArray(new String[0]))
            .start();
    Http agentHttp = new Http(port(withAgent));
    Http bareHttp = new Http(port(attached));
    withAgent.awaitStderr("serving metrics on");

    for (Case c : cases()) {
      agentAnswers.add(send(agentHttp, c));
      bareAnswers.add(send(bareHttp, c));
      expected.merge(
          Scrape.key(
              REQUESTS,
              "method", c.labelMethod(),
              "endpoint", c.endpoint(),
              "status_code", Integer.toString(c.status())),
          1.0,
          Double::sum);
    }
    double total = expected.values().stream().mapToDouble(Double::doubleValue).sum();
    agentScrape =
        Scrape.await(agentMetricsPort, s -> s.sum(REQUESTS) >= total, Duration.ofSeconds(10));

    AgentCli.Result r =
        AgentCli.run(
            "attach", "" + attached.pid(), "port=" + attachMetricsPort + ",host=127.0.0.1");
    assertEquals(0, r.exitCode(), r.toString());
    for (Case c : cases()) {
      send(bareHttp, c);
    }
    attachScrape =
        Scrape.await(attachMetricsPort, s -> s.sum(REQUESTS) >= total, Duration.ofSeconds(10));
  }

  @AfterAll
  void stop() {
    for (ChildJvm app : new ChildJvm[] {withAgent, attached}) {
      if (app != null) {
        app.destroy();
      }
    }
  }

  private int port(ChildJvm app) {
    return Integer.parseInt(app.awaitStdout(readyLine()).group(1));
  }

  /** Sends one case and checks its status; returns the answer as text, to compare. */
  private String send(Http http, Case c) {
    Http.Reply r = http.send(c.method(), c.path(), c.body(), c.headers().toArray(new String[0]));
    assertEquals(c.status(), r.status(), c.method() + " " + c.path() + ": " + r.body());
    return c.method() + " " + c.path() + " -> " + r.status() + " " + normaliseBody(r.body());
  }

  @Test
  void withJavaagentEachCaseCountsExactlyOnceWithItsTemplate() {
    assertEquals(expected, agentScrape.seriesNamed(REQUESTS), withAgent.describeOutput());
  }

  @Test
  void afterAttachEachCaseCountsExactlyOnceWithItsTemplate() {
    assertEquals(expected, attachScrape.seriesNamed(REQUESTS), attached.describeOutput());
  }

  @Test
  void answersAreTheSameWithAndWithoutTheAgent() {
    assertEquals(bareAnswers, agentAnswers);
  }

  @Test
  void histogramCountsEqualTheCounter() {
    for (Scrape s : List.of(agentScrape, attachScrape)) {
      SortedMap<String, Double> byRoute = new TreeMap<>();
      for (Map.Entry<String, Double> e : s.seriesNamed(REQUESTS).entrySet()) {
        Map<String, String> l = s.labelsOf(e.getKey());
        byRoute.merge(
            Scrape.key(
                DURATION + "_count", "method", l.get("method"), "endpoint", l.get("endpoint")),
            e.getValue(),
            Double::sum);
      }
      assertEquals(byRoute, Scrape.nonZero(s.seriesNamed(DURATION + "_count")));
      for (String countKey : byRoute.keySet()) {
        Map<String, String> l = s.labelsOf(countKey);
        assertEquals(
            s.value(DURATION + "_count", "method", l.get("method"), "endpoint", l.get("endpoint")),
            s.value(
                DURATION + "_bucket",
                "method", l.get("method"),
                "endpoint", l.get("endpoint"),
                "le", "+Inf"),
            countKey);
      }
    }
  }

  @Test
  void theRouteInventoryListsTheAppsRoutesWithSeriesAtZero() {
    for (Scrape s : List.of(agentScrape, attachScrape)) {
      Set<String> listed = new TreeSet<>();
      for (String key : s.seriesNamed("http_route_info").keySet()) {
        Map<String, String> l = s.labelsOf(key);
        listed.add(l.get("method") + " " + l.get("endpoint"));
      }
      Set<String> all = new TreeSet<>(routes());
      all.addAll(containerRoutes());
      assertEquals(all, listed);
      // every listed route has its duration series, at zero when no case called it
      for (String route : routes()) {
        String[] mt = route.split(" ", 2);
        if (mt[0].equals("ANY")) {
          continue; // a method-less route has no method to start a series at zero with
        }
        Double count = s.value(DURATION + "_count", "method", mt[0], "endpoint", mt[1]);
        assertTrue(count != null, route + " has no duration series");
      }
    }
  }

  @Test
  void noRawPathBecomesALabel() {
    Set<String> templates = new TreeSet<>();
    for (Case c : cases()) {
      templates.add(c.endpoint());
    }
    for (Scrape s : List.of(agentScrape, attachScrape)) {
      for (String key : s.seriesNamed(REQUESTS).keySet()) {
        String endpoint = s.labelsOf(key).get("endpoint");
        assertTrue(templates.contains(endpoint), "endpoint " + endpoint + " is no template");
      }
      for (Case c : cases()) {
        if (!c.path().equals(c.endpoint())) {
          assertFalse(
              s.text().contains("endpoint=\"" + c.path() + "\""),
              "raw path " + c.path() + " in the metrics");
        }
      }
    }
  }

  @Test
  void theAgentReportsNoProblem() {
    Pattern problem = Pattern.compile("\\[metrics-agent\\] (WARNING|ERROR)");
    for (ChildJvm app : List.of(withAgent, attached)) {
      for (String line : app.agentLines()) {
        assertFalse(problem.matcher(line).find(), app + ": " + line);
      }
    }
  }
}
