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
    public void record(
        Object route, String method, String template, int status, long nanos, String traceparent,
        long in, long out) {
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
    public void record(Object r, String m, String t, int s, long d, String tp, long in, long out) {
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
    Bridge.setRecorder(new ListRecorder());
  }

  @AfterEach
  void uninstall() {
    Bridge.setRouteLister(null);
    Bridge.setRecorder(null);
    Bridge.setSizeReader(null);
  }

  private static void end(RequestState s, String method, int status) {
    Bridge.requestEnd(s, null, null, method, status, null);
  }

  @Test
  void oneRequestWithARoute() {
    RequestState s = Bridge.requestStart();
    Bridge.routeFound("get", "/products/:id");
    assertEquals(1, inProgress.sum(), "in progress once the route is known");
    end(s, "GET", 200);
    assertEquals(List.of("get /products/:id 200"), recorded);
    assertEquals(0, inProgress.sum());
  }

  /** The recorder is built off the app's main thread: what arrives before it waits, not lost. */
  @Test
  void eventsBeforeAPendingRecorderWaitForIt() throws Exception {
    Bridge.setRecorder(null);
    Bridge.recorderPending();
    Thread app =
        new Thread(
            () -> {
              Bridge.routeAdded("get", "/early");
              RequestState s = Bridge.requestStart();
              Bridge.routeFound("get", "/early");
              end(s, "GET", 200);
            });
    app.start();
    app.join(300);
    assertTrue(app.isAlive(), "the app's events wait while the recorder is built");
    assertEquals(List.of(), recorded);
    Bridge.setRecorder(new ListRecorder());
    app.join(10_000);
    assertFalse(app.isAlive());
    assertEquals(List.of("+get /early", "get /early 200"), recorded, "delivered in order, none lost");
    assertEquals(0, inProgress.sum());
  }

  @Test
  void aFailedRecorderBuildReleasesTheWaitersWithNothing() throws Exception {
    Bridge.setRecorder(null);
    Bridge.recorderPending();
    Thread app = new Thread(() -> Bridge.routeAdded("get", "/early"));
    app.start();
    app.join(300);
    assertTrue(app.isAlive(), "waiting for the recorder");
    Bridge.setRecorder(null);
    app.join(5_000);
    assertFalse(app.isAlive(), "released at once, not after the 10 s bound");
    assertEquals(List.of(), recorded);
    Bridge.routeAdded("get", "/later"); // no recorder, nothing pending: returns at once
    assertEquals(List.of(), recorded);
  }

  @Test
  void aRecorderThatNeverComesIsWaitedForOnceOnly() {
    long saved = Bridge.recorderWaitMillis;
    Bridge.recorderWaitMillis = 200;
    try {
      Bridge.setRecorder(null);
      Bridge.recorderPending();
      long t0 = System.nanoTime();
      Bridge.routeAdded("get", "/a"); // waits the bound, then gives up
      long first = System.nanoTime() - t0;
      t0 = System.nanoTime();
      RequestState s = Bridge.requestStart();
      end(s, "GET", 200); // no wait: nothing is pending any more
      long second = System.nanoTime() - t0;
      assertTrue(first >= 150_000_000L, "the first event waited the bound: " + first);
      assertTrue(second < first, "later events do not wait again: " + second + " vs " + first);
      assertEquals(List.of(), recorded);
    } finally {
      Bridge.recorderWaitMillis = saved;
    }
  }

  @Test
  void headFallsBackToTheGetRouteButKeepsItsMethod() {
    RequestState s = Bridge.requestStart();
    Bridge.routeFound("head", null);
    assertEquals(0, inProgress.sum(), "no route yet");
    Bridge.routeFound("get", "/hello");
    end(s, "HEAD", 200);
    assertEquals(List.of("head /hello 200"), recorded);
  }

  @Test
  void noLookupMeansTheRequestMethodAndNoTemplate() {
    RequestState s = Bridge.requestStart();
    assertTrue(s.noRouteLookup());
    end(s, "GET", 401);
    assertEquals(List.of("GET null 401"), recorded);
  }

  @Test
  void aLateLookupGivesAHaltedRequestItsRouteWithoutCountingItInProgress() {
    RequestState s = Bridge.requestStart();
    assertTrue(s.noRouteLookup());
    Bridge.routeFoundLate(s, "get", "/secure/:id");
    assertFalse(s.noRouteLookup());
    assertEquals(0, inProgress.sum());
    end(s, "GET", 401);
    assertEquals(List.of("get /secure/:id 401"), recorded);
  }

  @Test
  void aLookupThatFoundNothingNeedsNoLateLookup() {
    RequestState s = Bridge.requestStart();
    Bridge.routeFound("get", null);
    assertFalse(s.noRouteLookup(), "unmatched: Spark already looked, looking again is waste");
    end(s, "GET", 404);
    assertEquals(List.of("get null 404"), recorded);
  }

  @Test
  void nestedHandlingRecordsOnceWithTheOuterTemplate() {
    RequestState outer = Bridge.requestStart();
    Bridge.routeFound("get", "/outer");
    RequestState inner = Bridge.requestStart();
    assertFalse(inner.noRouteLookup());
    Bridge.routeFound("get", "/inner");
    end(inner, "GET", 200);
    end(outer, "GET", 200);
    assertEquals(List.of("get /outer 200"), recorded);
    assertEquals(0, inProgress.sum());
  }

  @Test
  void stateDoesNotLeakIntoTheNextRequest() {
    RequestState a = Bridge.requestStart();
    Bridge.routeFound("post", "/a");
    end(a, "POST", 201);
    RequestState b = Bridge.requestStart();
    end(b, "GET", 404);
    assertEquals(List.of("post /a 201", "GET null 404"), recorded);
  }

  @Test
  void lookupsAndExitsOutsideARequestAreIgnored() {
    // a request already in flight when the agent attached: only the woven tail runs
    Bridge.routeFound("get", "/x");
    end(null, "GET", 200);
    Bridge.staticResourceServed();
    assertTrue(recorded.isEmpty(), recorded.toString());
    assertEquals(0, inProgress.sum());
    RequestState s = Bridge.requestStart();
    end(s, "GET", 404);
    end(s, "GET", 404); // an unbalanced second exit changes nothing
    assertEquals(List.of("GET null 404"), recorded);
  }

  @Test
  void staticResource() {
    RequestState s = Bridge.requestStart();
    Bridge.staticResourceServed();
    assertFalse(s.noRouteLookup());
    end(s, "GET", 200);
    assertEquals(List.of("GET " + Bridge.STATIC_RESOURCE + " 200"), recorded);
  }

  @Test
  void traceparentAndSizesReachTheRecorder() {
    Bridge.setSizeReader(
        new SizeReader() {
          @Override
          public long requestBytes(Object request) {
            return ((String) request).length();
          }

          @Override
          public long responseBytes(Object response) {
            return ((String) response).length();
          }
        });
    RequestState s = Bridge.requestStart();
    Bridge.routeFound("post", "/a");
    Bridge.requestEnd(s, "abc", "abcdefg", "POST", 201, "00-tp");
    assertEquals(List.of("post /a 201 tp=00-tp sizes=3/7"), recorded);
  }

  @Test
  void routeEventsReachTheRecorder() {
    Bridge.routeAdded("get", "/a");
    Bridge.routeAdded("get", null); // nothing to record
    Bridge.routeRemoved(null, "/a");
    Bridge.routesCleared();
    assertEquals(List.of("+get /a", "-null /a", "clear"), recorded);
  }

  @Test
  void aFailingRecorderNeverThrowsIntoTheHost() {
    Bridge.setRecorder(new ThrowingRecorder());
    RequestState s = Bridge.requestStart();
    Bridge.routeFound("get", "/x");
    end(s, "GET", 200);
    s = Bridge.requestStart();
    end(s, "GET", 200); // and the thread's state is still balanced
    Bridge.routeAdded("get", "/x");
    Bridge.routeRemoved("get", "/x");
    Bridge.routesCleared();
    install();
    s = Bridge.requestStart();
    Bridge.routeFound("get", "/ok");
    end(s, "GET", 200);
    assertEquals(List.of("get /ok 200"), recorded);
  }

  @Test
  void eachRouteTableIsListedOnceAndOnlyWithALister() {
    Object table = new Object();
    Bridge.routeTableInUse(table); // no lister (the -javaagent case): nothing
    List<Object> listed = new ArrayList<>();
    Bridge.setRouteLister(
        t -> {
          listed.add(t);
          Bridge.routeAdded("get", "/before-attach");
        });
    Object other = new Object();
    for (int i = 0; i < 3; i++) {
      Bridge.routeTableInUse(table);
      Bridge.routeTableInUse(other);
    }
    assertEquals(List.of(table, other), listed);
    assertEquals(List.of("+get /before-attach", "+get /before-attach"), recorded);
  }
}
