package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Web apps come and go on a standalone Tomcat (10.1 and 11; 9 for the javax-only SparkJava),
 * started as an operator starts it with the agent in its JVM options: WARs that bundle Spring MVC,
 * Jersey or Spark in WEB-INF/lib, and a plain servlet WAR deployed twice side by side, are each
 * deployed, used, undeployed and redeployed {@link #CYCLES} times through the manager (on Tomcat
 * 11 the Spring MVC and Jersey WARs {@link #HEAVY_CYCLES_AGAIN} times: the same code on the newer
 * line, where 20 more of their deployments would add a minute of CPU to every CI run). Checked:
 *
 * <ul>
 *   <li>the counts after every cycle are exact, per web app: the endpoint carries the context path
 *       ({@code /app1/items/*} and {@code /app2/items/*} stay apart); a file the container's
 *       default servlet serves is {@code static}, its 404 {@code unmatched};
 *   <li>the routes are listed with their context path, and the container's {@code /}, {@code
 *       *.jsp} are not; in every cycle exactly those of the web apps deployed in it: an undeployed
 *       web app's routes leave the inventory, its redeployment lists them again; web apps deployed
 *       after all those cycles (past any fixed cap) are listed, and none once they are gone;
 *   <li>afterwards no undeployed web app is reachable: live {@code ParallelWebappClassLoader} and
 *       {@code StandardContext} instances after a full GC ({@code jcmd GC.class_histogram}) are no
 *       more than in the same run on the same Tomcat without the agent, run alongside.
 * </ul>
 *
 * <p>Needs only JDK 17 (Tomcat's own requirement); nothing here depends on the JDK the agent
 * runs on, so a JDK 25 pass adds nothing.
 */
class StandaloneTomcatRedeployIT {
  static final int CYCLES = 20;

  /**
   * Cycles of the Spring MVC and Jersey WARs on Tomcat 11 ({@code -Dit.heavyCyclesAgain}): their
   * deployments cost the most (their classes loaded and run anew in each fresh class loader), and
   * Tomcat 10.1 has already run all {@link #CYCLES} of them; a leak shows from the first
   * undeployment on.
   */
  static final int HEAVY_CYCLES_AGAIN = Integer.getInteger("it.heavyCyclesAgain", 4);
  static final String[] RETAINED = {
    "org.apache.catalina.loader.ParallelWebappClassLoader", "org.apache.catalina.core.StandardContext"
  };

  /** One request, sent {@code times} per cycle, and the series it must land in. */
  record Call(String path, int status, String endpoint, int times) {}

  /** A WAR deployed at a context path in the first {@code cycles} cycles, and its requests. */
  record App(String contextPath, Path war, int cycles, List<Call> calls, List<String> routes) {}

  private static Path war(String name) {
    return Artifacts.testAppFile("war-" + name + "/target/war-" + name + ".war");
  }

  private static List<App> jakartaApps(int heavyCycles) {
    Path servlet = war("servlet");
    return List.of(
        new App(
            "/app1",
            servlet,
            CYCLES,
            List.of(
                new Call("/app1/items/7", 200, "/app1/items/*", 7),
                new Call("/app1/hello", 200, "/app1/hello", 1),
                new Call("/app1/index.html", 200, "static", 1),
                new Call("/app1/no-such-page", 404, "unmatched", 1)),
            List.of("ANY /app1/items/*", "ANY /app1/hello")),
        new App(
            "/app2",
            servlet,
            CYCLES,
            List.of(
                new Call("/app2/items/3", 200, "/app2/items/*", 3),
                new Call("/app2/hello", 200, "/app2/hello", 1)),
            List.of("ANY /app2/items/*", "ANY /app2/hello")),
        new App(
            "/spring",
            war("spring"),
            heavyCycles,
            List.of(new Call("/spring/owners/42", 200, "/spring/owners/{ownerId}", 2)),
            List.of("GET /spring/owners/{ownerId}")),
        new App(
            "/jersey",
            war("jersey"),
            heavyCycles,
            List.of(new Call("/jersey/orders/5", 200, "/jersey/orders/{id}", 2)),
            List.of("GET /jersey/orders/{id}")));
  }

  @Test
  void tomcat10() throws Exception {
    run("tomcat10", 10, jakartaApps(CYCLES));
  }

  @Test
  void tomcat11() throws Exception {
    run("tomcat11", 11, jakartaApps(HEAVY_CYCLES_AGAIN));
  }

  /** SparkJava's {@code SparkFilter} is javax.servlet: its WARs run on Tomcat 9. */
  @Test
  void tomcat9WithSparkWars() throws Exception {
    Path spark = war("spark");
    run(
        "tomcat9",
        9,
        List.of(
            new App(
                "/spark",
                spark,
                CYCLES,
                List.of(
                    new Call("/spark/products/1", 200, "/spark/products/:id", 3),
                    new Call("/spark/nothing-here", 404, "unmatched", 1)),
                List.of("GET /spark/products/:id")),
            new App(
                "/spark2",
                spark,
                CYCLES,
                List.of(new Call("/spark2/products/2", 200, "/spark2/products/:id", 2)),
                List.of("GET /spark2/products/:id"))));
  }

  private void run(String name, int major, List<App> apps) throws Exception {
    Path home = StandaloneTomcat.home(major);
    String test = getClass().getSimpleName() + "-" + name;
    try (StandaloneTomcat withAgent = StandaloneTomcat.start(test, "agent", home, true);
        StandaloneTomcat bare = StandaloneTomcat.start(test, "bare", home, false)) {
      CompletableFuture<Void> bareCycles =
          CompletableFuture.runAsync(() -> cycles(bare, apps, false));
      cycles(withAgent, apps, true);
      bareCycles.join();

      deployedLaterAreListed(withAgent, apps);

      Map<String, Long> agentLive = withAgent.liveInstances(RETAINED);
      Map<String, Long> bareLive = bare.liveInstances(RETAINED);
      System.out.println(name + " after " + CYCLES + " cycles of " + apps.size()
          + " web apps, live after GC: with the agent " + agentLive + ", without " + bareLive);
      for (String c : RETAINED) {
        assertTrue(
            agentLive.get(c) <= bareLive.get(c),
            c + ": with the agent " + agentLive + ", without " + bareLive);
      }
      withAgent.assertNoWeaveErrors();
    }
  }

  /** Deploy all, use, check (agent only), undeploy all; {@link #CYCLES} times. */
  private static void cycles(StandaloneTomcat tomcat, List<App> apps, boolean check) {
    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      List<App> deployed = new ArrayList<>();
      for (App a : apps) {
        if (cycle <= a.cycles) {
          tomcat.deploy(a.contextPath, a.war);
          deployed.add(a);
        }
      }
      for (App a : deployed) {
        for (Call c : a.calls) {
          for (int i = 0; i < c.times; i++) {
            Http.Reply r = tomcat.get(c.path);
            assertEquals(c.status, r.status(), "cycle " + cycle + ": GET " + c.path);
          }
        }
      }
      if (check) {
        checkCounts(tomcat, apps, cycle);
      }
      for (App a : deployed) {
        tomcat.undeploy(a.contextPath);
      }
    }
  }

  /**
   * Every series of the apps' requests at exactly {@code cycle} times its calls; the routes listed
   * exactly those of the web apps deployed in this cycle (the others were undeployed before).
   */
  private static void checkCounts(StandaloneTomcat tomcat, List<App> apps, int cycle) {
    SortedMap<String, Double> expected = new TreeMap<>();
    List<App> deployed = new ArrayList<>();
    for (App a : apps) {
      for (Call c : a.calls) {
        double times = c.times * Math.min(cycle, a.cycles);
        expected.merge(requests(c.endpoint, c.status), times, Double::sum);
      }
      if (cycle <= a.cycles) {
        deployed.add(a);
      }
    }
    SortedSet<String> routes = expectedRoutes(deployed, "");
    Scrape s =
        Scrape.await(
            tomcat.metricsPort,
            x -> appSeries(x).equals(expected) && listedRoutes(x).equals(routes),
            Duration.ofSeconds(30));
    assertEquals(expected, appSeries(s), "cycle " + cycle + "\n" + tomcat.describeOutput());
    assertEquals(routes, listedRoutes(s), "routes listed in cycle " + cycle);
  }

  /**
   * Web apps deployed after all the cycles (over a hundred contexts and route tables met before)
   * are listed too, alone (all others are undeployed); then undeployed again, and none is listed.
   */
  private static void deployedLaterAreListed(StandaloneTomcat tomcat, List<App> apps) {
    List<App> later = new ArrayList<>();
    for (App a : apps) {
      later.add(
          new App(
              a.contextPath + "-later",
              a.war,
              1,
              List.of(new Call(a.calls.get(0).path.replace(a.contextPath, a.contextPath + "-later"),
                  200, null, 1)),
              a.routes));
    }
    for (App a : later) {
      tomcat.deploy(a.contextPath, a.war);
      assertEquals(200, tomcat.get(a.calls.get(0).path).status());
    }
    Scrape s =
        Scrape.await(
            tomcat.metricsPort,
            x -> listedRoutes(x).containsAll(expectedRoutes(apps, "-later")),
            Duration.ofSeconds(30));
    assertEquals(expectedRoutes(apps, "-later"), listedRoutes(s));
    for (App a : later) {
      tomcat.undeploy(a.contextPath);
    }
    s = Scrape.await(tomcat.metricsPort, x -> listedRoutes(x).isEmpty(), Duration.ofSeconds(30));
    assertEquals(Set.of(), listedRoutes(s), "routes listed after every web app was undeployed");
  }

  private static SortedSet<String> expectedRoutes(List<App> apps, String suffix) {
    SortedSet<String> routes = new TreeSet<>();
    for (App a : apps) {
      for (String r : a.routes) {
        routes.add(r.replace(a.contextPath + "/", a.contextPath + suffix + "/"));
      }
    }
    return routes;
  }

  /** {@code METHOD endpoint} of every listed route but the manager app's. */
  private static SortedSet<String> listedRoutes(Scrape s) {
    SortedSet<String> out = new TreeSet<>();
    for (String key : s.seriesNamed("http_route_info").keySet()) {
      SortedMap<String, String> l = s.labelsOf(key);
      if (!l.get("endpoint").startsWith("/manager")) {
        out.add(l.get("method") + " " + l.get("endpoint"));
      }
    }
    return out;
  }

  private static String requests(String endpoint, int status) {
    return Scrape.key(
        "http_requests_total", "endpoint", endpoint, "method", "GET", "status_code", "" + status);
  }

  /** {@code http_requests_total} but the manager's own requests (the deploys). */
  private static SortedMap<String, Double> appSeries(Scrape s) {
    SortedMap<String, Double> out = new TreeMap<>();
    for (Map.Entry<String, Double> e : Scrape.nonZero(s.seriesNamed("http_requests_total")).entrySet()) {
      if (!s.labelsOf(e.getKey()).get("endpoint").startsWith("/manager")) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }
}
