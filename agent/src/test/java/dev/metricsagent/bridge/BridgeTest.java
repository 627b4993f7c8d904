package dev.metricsagent.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge's per-thread protocol, driven the way the advice drives it. */
class BridgeTest {
  private final List<String> recorded = new ArrayList<>();
  private final LongAdder inProgress = new LongAdder();

  /** Records requests as "method template status", and route events as "+/-method template". */
  private class ListRecorder implements HttpRecorder {
    @Override
    public Object routeStarted(String method, String template) {
      inProgress.increment();
      return inProgress;
    }

    @Override
    public void record(CompletedRequest r) {
      Object route = r.route();
      String method = r.method();
      String template = r.template();
      int status = r.status();
      long nanos = r.durationNanos();
      String traceparent = r.traceparent();
      long in = r.requestBytes();
      long out = r.responseBytes();
      if (route != null) {
        ((LongAdder) route).decrement(); // the handle routeStarted gave, handed back
      }
      recorded.add(
          method + " " + template + " " + status + (nanos >= 0 ? "" : " negative")
              + (traceparent == null ? "" : " tp=" + traceparent)
              + (in < 0 && out < 0 ? "" : " sizes=" + in + "/" + out)
              + (inProgress.sum() == 0 ? "" : " still in progress"));
    }

    @Override
    public void routeAdded(String method, String template) {
      recorded.add("+" + method + " " + template);
    }

    @Override
    public void routeRemoved(String method, String template) {
      recorded.add("-" + method + " " + template);
    }

    @Override
    public void routesCleared() {
      recorded.add("clear");
    }
  }

  /** Fails on every call. */
  private static final class ThrowingRecorder extends ListRecorderBase {}

  private abstract static class ListRecorderBase implements HttpRecorder {
    @Override
    public Object routeStarted(String method, String template) {
      throw new IllegalStateException("boom");
    }

    @Override
    public void record(CompletedRequest r) {
      throw new IllegalStateException("boom");
    }

    @Override
    public void routeAdded(String method, String template) {
      throw new IllegalStateException("boom");
    }

    @Override
    public void routeRemoved(String method, String template) {
      throw new IllegalStateException("boom");
    }

    @Override
    public void routesCleared() {
      throw new IllegalStateException("boom");
    }
  }

  @BeforeEach
  void install() {
    Recorders.set(new ListRecorder());
  }

  @AfterEach
  void uninstall() {
    Settings.install(Settings.NONE);
    Recorders.set(null);
  }

  /** What an exit advice does: the answer, then the end. */
  private static void end(RequestState s, String method, int status) {
    if (s != null) {
      s.answered(method, status, true, null);
    }
    Requests.end(s, null, null);
  }

  @Test
  void oneRequestWithARoute() {
    RequestState s = Requests.start();
    Requests.routeFound("get", "/products/:id");
    assertEquals(1, inProgress.sum(), "in progress once the route is known");
    end(s, "GET", 200);
    assertEquals(List.of("get /products/:id 200"), recorded);
    assertEquals(0, inProgress.sum());
  }

  /** The recorder is built off the app's main thread: what arrives before it waits, not lost. */
  @Test
  void eventsBeforeAPendingRecorderWaitForIt() throws Exception {
    Recorders.set(null);
    Recorders.pending();
    Thread app =
        new Thread(
            () -> {
              RouteEvents.added("get", "/early");
              RequestState s = Requests.start();
              Requests.routeFound("get", "/early");
              end(s, "GET", 200);
            });
    app.start();
    app.join(300);
    assertTrue(app.isAlive(), "the app's events wait while the recorder is built");
    assertEquals(List.of(), recorded);
    Recorders.set(new ListRecorder());
    app.join(10_000);
    assertFalse(app.isAlive());
    assertEquals(List.of("+get /early", "get /early 200"), recorded, "delivered in order, none lost");
    assertEquals(0, inProgress.sum());
  }

  @Test
  void aFailedRecorderBuildReleasesTheWaitersWithNothing() throws Exception {
    Recorders.set(null);
    Recorders.pending();
    Thread app = new Thread(() -> RouteEvents.added("get", "/early"));
    app.start();
    app.join(300);
    assertTrue(app.isAlive(), "waiting for the recorder");
    Recorders.set(null);
    app.join(5_000);
    assertFalse(app.isAlive(), "released at once, not after the 10 s bound");
    assertEquals(List.of(), recorded);
    RouteEvents.added("get", "/later"); // no recorder, nothing pending: returns at once
    assertEquals(List.of(), recorded);
  }

  @Test
  void aRecorderThatNeverComesIsWaitedForOnceOnly() {
    long saved = Recorders.waitMillis;
    Recorders.waitMillis = 200;
    try {
      Recorders.set(null);
      Recorders.pending();
      long t0 = System.nanoTime();
      RouteEvents.added("get", "/a"); // waits the bound, then gives up
      long first = System.nanoTime() - t0;
      t0 = System.nanoTime();
      RequestState s = Requests.start();
      end(s, "GET", 200); // no wait: nothing is pending any more
      long second = System.nanoTime() - t0;
      assertTrue(first >= 150_000_000L, "the first event waited the bound: " + first);
      assertTrue(second < first, "later events do not wait again: " + second + " vs " + first);
      assertEquals(List.of(), recorded);
    } finally {
      Recorders.waitMillis = saved;
    }
  }

  @Test
  void headFallsBackToTheGetRouteButKeepsItsMethod() {
    RequestState s = Requests.start();
    Requests.routeFound("head", null);
    assertEquals(0, inProgress.sum(), "no route yet");
    Requests.routeFound("get", "/hello");
    end(s, "HEAD", 200);
    assertEquals(List.of("head /hello 200"), recorded);
  }

  @Test
  void noLookupMeansTheRequestMethodAndNoTemplate() {
    RequestState s = Requests.start();
    assertTrue(s.noRouteLookup());
    end(s, "GET", 401);
    assertEquals(List.of("GET null 401"), recorded);
  }

  @Test
  void aLateLookupGivesAHaltedRequestItsRouteWithoutCountingItInProgress() {
    RequestState s = Requests.start();
    assertTrue(s.noRouteLookup());
    Requests.routeFoundLate(s, "get", "/secure/:id");
    assertFalse(s.noRouteLookup());
    assertEquals(0, inProgress.sum());
    end(s, "GET", 401);
    assertEquals(List.of("get /secure/:id 401"), recorded);
  }

  @Test
  void aLookupThatFoundNothingNeedsNoLateLookup() {
    RequestState s = Requests.start();
    Requests.routeFound("get", null);
    assertFalse(s.noRouteLookup(), "unmatched: Spark already looked, looking again is waste");
    end(s, "GET", 404);
    assertEquals(List.of("get null 404"), recorded);
  }

  @Test
  void nestedHandlingRecordsOnceWithTheOuterTemplate() {
    RequestState outer = Requests.start();
    Requests.routeFound("get", "/outer");
    RequestState inner = Requests.start();
    assertFalse(inner.noRouteLookup());
    Requests.routeFound("get", "/inner");
    end(inner, "GET", 200);
    end(outer, "GET", 200);
    assertEquals(List.of("get /outer 200"), recorded);
    assertEquals(0, inProgress.sum());
  }

  @Test
  void stateDoesNotLeakIntoTheNextRequest() {
    RequestState a = Requests.start();
    Requests.routeFound("post", "/a");
    end(a, "POST", 201);
    RequestState b = Requests.start();
    end(b, "GET", 404);
    assertEquals(List.of("post /a 201", "GET null 404"), recorded);
  }

  @Test
  void lookupsAndExitsOutsideARequestAreIgnored() {
    // a request already in flight when the agent attached: only the woven tail runs
    Requests.routeFound("get", "/x");
    end(null, "GET", 200);
    Requests.staticResourceServed();
    assertTrue(recorded.isEmpty(), recorded.toString());
    assertEquals(0, inProgress.sum());
    RequestState s = Requests.start();
    end(s, "GET", 404);
    end(s, "GET", 404); // an unbalanced second exit changes nothing
    assertEquals(List.of("GET null 404"), recorded);
  }

  @Test
  void staticResource() {
    RequestState s = Requests.start();
    Requests.staticResourceServed();
    assertFalse(s.noRouteLookup());
    end(s, "GET", 200);
    assertEquals(List.of("GET " + Requests.STATIC_RESOURCE + " 200"), recorded);
  }

  @Test
  void traceparentAndSizesReachTheRecorder() {
    Settings.install(Settings.NONE.withSizeReader(
        new SizeReader() {
          @Override
          public long requestBytes(Object request) {
            return ((String) request).length();
          }

          @Override
          public long responseBytes(Object response) {
            return ((String) response).length();
          }
        }));
    RequestState s = Requests.start();
    Requests.routeFound("post", "/a");
    s.answered("POST", 201, true, null);
    s.traceparent("00-tp");
    Requests.end(s, "abc", "abcdefg");
    assertEquals(List.of("post /a 201 tp=00-tp sizes=3/7"), recorded);
  }

  @Test
  void onlyTheOutermostHookReadsTheTraceparent() {
    Settings.install(Settings.NONE.withTraceparent(true));
    RequestState outer = Requests.start(); // the container's hook
    RequestState inner = Requests.start(); // a framework's, inside it
    Requests.routeFound("get", "/a");
    assertFalse(inner.traceparentWanted(), "the outer exit reads the same header later");
    inner.answered("GET", 200, true, null);
    inner.traceparent(inner.traceparentWanted() ? "00-inner" : null);
    Requests.end(inner, null, null);
    assertTrue(outer.traceparentWanted());
    outer.answered("GET", 200, true, null);
    outer.traceparent(outer.traceparentWanted() ? "00-tp" : null);
    Requests.end(outer, null, null);
    assertEquals(List.of("get /a 200 tp=00-tp"), recorded);

    Settings.install(Settings.NONE); // exemplars off: no hook reads it
    RequestState s = Requests.start();
    assertFalse(s.traceparentWanted());
    end(s, "GET", 404);
  }

  @Test
  void routeEventsReachTheRecorder() {
    RouteEvents.added("get", "/a");
    RouteEvents.added("get", null); // nothing to record
    RouteEvents.removed(null, "/a");
    RouteEvents.cleared();
    assertEquals(List.of("+get /a", "-null /a", "clear"), recorded);
  }

  @Test
  void aFailingRecorderNeverThrowsIntoTheHost() {
    Recorders.set(new ThrowingRecorder());
    RequestState s = Requests.start();
    Requests.routeFound("get", "/x");
    end(s, "GET", 200);
    s = Requests.start();
    end(s, "GET", 200); // and the thread's state is still balanced
    RouteEvents.added("get", "/x");
    RouteEvents.removed("get", "/x");
    RouteEvents.cleared();
    install();
    s = Requests.start();
    Requests.routeFound("get", "/ok");
    end(s, "GET", 200);
    assertEquals(List.of("get /ok 200"), recorded);
  }

  @Test
  void eachRouteTableIsListedOnceAndOnlyWithALister() {
    Object table = new Object();
    RouteTables.inUse(table); // no lister (the -javaagent case): nothing
    List<Object> listed = new ArrayList<>();
    Settings.install(Settings.NONE.withRouteLister(
        t -> {
          listed.add(t);
          RouteEvents.added("get", "/before-attach");
        }));
    Object other = new Object();
    for (int i = 0; i < 3; i++) {
      RouteTables.inUse(table);
      RouteTables.inUse(other);
    }
    assertEquals(List.of(table, other), listed);
    assertEquals(List.of("+get /before-attach", "+get /before-attach"), recorded);
  }
}
