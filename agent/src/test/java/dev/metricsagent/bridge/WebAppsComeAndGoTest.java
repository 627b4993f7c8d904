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
    Bridge.setRouteLister(listed::add);
    try {
      List<WeakReference<Object>> dropped = new ArrayList<>();
      for (int i = 0; i < 40; i++) { // a servlet context per deployment: all listed, none kept
        Object context = new Object();
        Bridge.routeTableInUse(context);
        Bridge.routeTableInUse(context);
        dropped.add(new WeakReference<>(context));
      }
      assertEquals(40, listed.size(), "each table listed once");
      listed.clear();
      assertEquals(0, aliveAfterGc(dropped));
    } finally {
      Bridge.setRouteLister(null);
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
    String first = Bridge.joinedTemplate("/orders", "/{id}");
    assertEquals("/orders/{id}", first);
    assertSame(first, Bridge.joinedTemplate(new String("/orders"), new String("/{id}")));
    assertSame("/x", Bridge.joinedTemplate("", "/x"));
    assertSame("/x", Bridge.joinedTemplate(null, "/x"));
    assertEquals(null, Bridge.joinedTemplate("/app", null));
    assertEquals("/app1/*.jsp", Bridge.joinedTemplate("/app1", "*.jsp"));
    assertEquals("/app1", Bridge.joinedTemplate("/app1", ""));
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
