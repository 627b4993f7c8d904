package dev.metricsagent.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The async hand-off the Javalin module drives ({@code ctx.future}): {@link Bridge#requestAsync}
 * on the request's thread, {@link Bridge#asyncEnd} on the thread that completes it; and {@link
 * RequestState#routeUnknown()} for a framework hook inside an outer one.
 */
class BridgeHandOffTest {
  private final List<String> recorded = new CopyOnWriteArrayList<>();
  private final AtomicInteger inProgress = new AtomicInteger();

  @BeforeEach
  void install() {
    Bridge.setRecorder(
        new HttpRecorder() {
          @Override
          public Object routeStarted(String method, String template) {
            inProgress.incrementAndGet();
            return inProgress;
          }

          @Override
          public void record(
              Object route, String method, String template, int status, long nanos, String tp,
              long in, long out) {
            if (route != null) {
              ((AtomicInteger) route).decrementAndGet();
            }
            recorded.add(method + " " + template + " " + status + (nanos > 0 ? "" : " no time"));
          }

          @Override
          public void routeAdded(String method, String template) {}

          @Override
          public void routeRemoved(String method, String template) {}

          @Override
          public void routesCleared() {}
        });
  }

  @AfterEach
  void uninstall() {
    Bridge.setRecorder(null);
  }

  @Test
  void aHandedOffRequestIsRecordedOnceWhereItCompletes() throws Exception {
    RequestState s = Bridge.requestStart();
    Bridge.routeFound("GET", "/async");
    assertFalse(Bridge.asyncEndPossible(), "inside a synchronous request");
    Object handle = Bridge.requestAsync();
    assertNotNull(handle);
    assertNull(Bridge.requestAsync(), "handed off once");
    assertTrue(Bridge.asyncEndPossible(), "the handing thread may complete it itself");
    Bridge.routeFound("GET", "/other"); // after the hand-off: the handle has the route
    assertFalse(s.routeUnknown(), "no late lookup for a handed-off request");
    Bridge.requestEnd(s, null, null, "GET", 200, null);
    assertEquals(List.of(), recorded, "the request thread's exit records nothing");
    assertEquals(1, inProgress.get(), "still in progress until it completes");

    Thread completer =
        new Thread(
            () -> {
              assertTrue(Bridge.asyncEndPossible());
              Bridge.asyncEnd(handle, null, null, "GET", 418, null);
              Bridge.asyncEnd(handle, null, null, "GET", 500, null); // a timeout racing it
            });
    completer.start();
    completer.join();
    assertEquals(List.of("GET /async 418"), recorded);
    assertEquals(0, inProgress.get());

    // the thread's state is clean for its next request
    RequestState next = Bridge.requestStart();
    assertFalse(Bridge.asyncEndPossible());
    Bridge.requestEnd(next, null, null, "GET", 404, null);
    assertEquals(List.of("GET /async 418", "GET null 404"), recorded);
  }

  @Test
  void aNestedHookHandsNothingOff() {
    RequestState outer = Bridge.requestStart(); // the servlet container's hook
    RequestState inner = Bridge.requestStart(); // Javalin's
    assertNull(Bridge.requestAsync(), "the outer hook ends async requests its own way");
    assertTrue(inner.routeUnknown());
    Bridge.routeFound("GET", "/users/{id}"); // the inner hook's late lookup
    assertFalse(inner.routeUnknown());
    Bridge.requestEnd(inner, null, null, "GET", 401, null);
    assertEquals(List.of(), recorded);
    Bridge.requestEnd(outer, null, null, "GET", 401, null);
    assertEquals(List.of("GET /users/{id} 401"), recorded);
  }

  @Test
  void aLookupThatFoundNothingStillCountsAsALookup() {
    RequestState s = Bridge.requestStart();
    Bridge.requestStart();
    Bridge.routeFound("FOO", null); // Javalin's own 404: the outer hook must not rename it
    assertFalse(s.routeUnknown());
    Bridge.requestEnd(s, null, null, "FOO", 404, null);
    Bridge.requestEnd(s, null, null, "FOO", 404, null);
    assertEquals(List.of("FOO null 404"), recorded);
  }
}
