package dev.metricsagent.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the bridge (in the boot loader, for the JVM's lifetime) remembers of web apps: route
 * tables and servlet contexts weakly and without a cap, template joins by text only.
 */
class WebAppsComeAndGoTest {
  @Test
  void aDroppedTableIsCollectedAndEveryNewOneIsFirstSeenPastAnyCap() throws Exception {
    WeakIdentitySet seen = new WeakIdentitySet();
    List<WeakReference<Object>> dropped = new ArrayList<>();
    for (int i = 0; i < 40; i++) { // a context per deployment, each one new
      Object context = new Object();
      assertTrue(seen.add(context), "deployment " + i + " is listed");
      assertFalse(seen.add(context));
      dropped.add(new WeakReference<>(context));
    }
    assertEquals(0, aliveAfterGc(dropped), "contexts kept by the bridge");
    Object live = new Object();
    assertTrue(seen.add(live));
    assertEquals(1, seen.size(), "collected entries are dropped when one is added");
    assertFalse(seen.add(live));
  }

  @Test
  void theBridgeListsEveryNewRouteTableAndKeepsNoneAlive() throws Exception {
    List<Object> listed = new ArrayList<>();
    Settings.install(Settings.NONE.withRouteLister(listed::add));
    try {
      List<WeakReference<Object>> dropped = new ArrayList<>();
      for (int i = 0; i < 40; i++) { // a servlet context per deployment: all listed, none kept
        Object context = new Object();
        RouteTables.inUse(context);
        RouteTables.inUse(context);
        dropped.add(new WeakReference<>(context));
      }
      assertEquals(40, listed.size(), "each table listed once");
      listed.clear();
      assertEquals(0, aliveAfterGc(dropped));
    } finally {
      Settings.install(Settings.NONE);
    }
  }

  /** A context restarted in place (Jetty keeps its servlet context): listed again after a stop. */
  @Test
  void everyTableIsListedAgainAfterAWebAppStopped() {
    List<Object> listed = new ArrayList<>();
    Settings.install(Settings.NONE.withRouteLister(listed::add));
    try {
      Object context = new Object();
      RouteTables.inUse(context);
      RouteTables.inUse(context);
      RouteEvents.webAppStopped("/app");
      RouteTables.inUse(context);
      RouteTables.inUse(context);
      assertEquals(List.of(context, context), listed);
    } finally {
      Settings.install(Settings.NONE);
    }
  }

  @Test
  void equalObjectsAreStillDistinctTables() {
    WeakIdentitySet seen = new WeakIdentitySet();
    String a = new String("table");
    String b = new String("table");
    assertTrue(seen.add(a));
    assertTrue(seen.add(b), "by identity, not equals");
  }

  @Test
  void joinsAreMadeOnceAndLookedUpByText() {
    String first = TemplateJoins.join("/orders", "/{id}");
    assertEquals("/orders/{id}", first);
    assertSame(first, TemplateJoins.join(new String("/orders"), new String("/{id}")));
    assertSame("/x", TemplateJoins.join("", "/x"));
    assertSame("/x", TemplateJoins.join(null, "/x"));
    assertEquals(null, TemplateJoins.join("/app", null));
    assertEquals("/app1/*.jsp", TemplateJoins.join("/app1", "*.jsp"));
    assertEquals("/app1", TemplateJoins.join("/app1", ""));
  }

  /** Route events with the web app each route is registered under. */
  private static final class WebAppRecorder implements HttpRecorder {
    final List<String> events = new ArrayList<>();

    @Override
    public Object routeStarted(String method, String template) {
      return null;
    }

    @Override
    public void record(CompletedRequest request) {}

    @Override
    public void routeAdded(String method, String template) {
      events.add("+" + method + " " + template + " of no web app");
    }

    @Override
    public void routeAdded(String method, String template, String webApp) {
      events.add("+" + method + " " + template + (webApp == null ? "" : " of '" + webApp + "'"));
    }

    @Override
    public void webAppStopped(String webApp) {
      events.add("stopped '" + webApp + "'");
    }

    @Override
    public void routeRemoved(String method, String template) {}

    @Override
    public void routesCleared() {}
  }

  @Test
  void routesAreTheWebAppsTheyAreRegisteredInWhichTellsWhenItStops() {
    WebAppRecorder r = new WebAppRecorder();
    Recorders.set(r);
    try {
      String previous = RouteEvents.webAppStarting("/app1"); // Tomcat's path, Jetty's the same
      RouteEvents.added("GET", "/hi");
      RouteEvents.webAppStarted(previous);
      previous = RouteEvents.webAppStarting("/"); // Jetty's root context
      RouteEvents.added("GET", "/hi");
      RouteEvents.webAppStarted(previous);
      RouteEvents.added("GET", "/plain"); // neither starting nor serving: an embedded framework
      RequestState s = Requests.start("/app2"); // a request lists its web app's mappings
      RouteEvents.added(RouteEvents.ANY_METHOD, "/items/*");
      s.answered("GET", 200, true, null);
      Requests.end(s, null, null);
      RouteEvents.webAppStopped("/app1");
      RouteEvents.webAppStopped("/");
      assertEquals(
          List.of(
              "+GET /app1/hi of '/app1'",
              "+GET /hi of ''",
              "+GET /plain",
              "+ANY /app2/items/* of '/app2'",
              "stopped '/app1'",
              "stopped ''"),
          r.events);
    } finally {
      Recorders.set(null);
    }
  }

  static int aliveAfterGc(List<? extends WeakReference<?>> refs) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    int alive = refs.size();
    while (alive > 0 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(10); // bounded poll: references are cleared after the collection
      alive = 0;
      for (WeakReference<?> r : refs) {
        alive += r.get() == null ? 0 : 1;
      }
    }
    return alive;
  }
}
