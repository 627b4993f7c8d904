package dev.metricsagent.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge's issue-15 block: container naming, the async hand-off. */
class BridgeContainerTest {
  private final List<String> recorded = new ArrayList<>();
  private final AtomicInteger inProgress = new AtomicInteger();

  private class ListRecorder implements HttpRecorder {
    @Override
    public Object routeStarted(String method, String template) {
      inProgress.incrementAndGet();
      return inProgress;
    }

    @Override
    public void record(
        Object route, String method, String template, int status, long nanos, String traceparent,
        long in, long out) {
      if (route != null) {
        inProgress.decrementAndGet();
      }
      recorded.add(
          method + " " + template + " " + status + (nanos >= 0 ? "" : " negative")
              + (traceparent == null ? "" : " tp=" + traceparent)
              + " on " + Thread.currentThread().getName());
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
    public void routesCleared() {}
  }

  @BeforeEach
  void install() {
    Bridge.setRecorder(new ListRecorder());
  }

  @AfterEach
  void uninstall() {
    Bridge.setRecorder(null);
  }

  private static String thread() {
    return Thread.currentThread().getName();
  }

  /** A response whose getStatus() answers {@code status[0]}. */
  private static HttpServletResponse response(int[] status) {
    return (HttpServletResponse)
        Proxy.newProxyInstance(
            BridgeContainerTest.class.getClassLoader(),
            new Class<?>[] {HttpServletResponse.class},
            (p, m, a) -> m.getName().equals("getStatus") ? status[0] : null);
  }

  @Test
  void theContainerNamesARequestNoFrameworkLookedUp() {
    RequestState s = Bridge.requestStart();
    Bridge.containerRouteFound(s, "/items/*");
    Bridge.requestEnd(s, null, null, "GET", 200, null);
    assertEquals(List.of("GET /items/* 200 on " + thread()), recorded);
  }

  @Test
  void aFrameworkTemplateIsFinerThanTheServletMapping() {
    RequestState s = Bridge.requestStart();
    RequestState inner = Bridge.requestStart(); // e.g. Spark's MatcherFilter inside the container
    Bridge.routeFound("get", "/items/:id");
    Bridge.requestEnd(inner, null, null, "GET", 200, null);
    Bridge.containerRouteFound(s, "/*");
    Bridge.requestEnd(s, null, null, "GET", 200, null);
    assertEquals(List.of("get /items/:id 200 on " + thread()), recorded);
  }

  @Test
  void aFrameworkThatFoundNoRouteLeavesTheRequestUnmatched() {
    RequestState s = Bridge.requestStart();
    Bridge.routeFound("get", null); // looked up, nothing matched
    Bridge.containerRouteFound(s, "/*");
    Bridge.requestEnd(s, null, null, "GET", 404, null);
    assertEquals(List.of("get null 404 on " + thread()), recorded);
  }

  /** Spark in a servlet container: a filter halted before routing; Spark's late lookup names it. */
  @Test
  void aFrameworksLateLookupWorksInsideTheContainersHook() {
    RequestState s = Bridge.requestStart();
    RequestState spark = Bridge.requestStart();
    assertTrue(spark.noRouteLookup());
    Bridge.routeFoundLate(spark, "get", "/secure/:id");
    Bridge.requestEnd(spark, null, null, "GET", 401, null);
    Bridge.containerRouteFound(s, "/*");
    Bridge.requestEnd(s, null, null, "GET", 401, null);
    assertEquals(List.of("get /secure/:id 401 on " + thread()), recorded);
  }

  @Test
  void anInnerCallDoesNotNameTheRequest() {
    RequestState s = Bridge.requestStart();
    RequestState inner = Bridge.requestStart();
    Bridge.containerRouteFound(inner, "/inner"); // a forward's dispatch: not the outermost
    Bridge.requestEnd(inner, null, null, "GET", 200, null);
    Bridge.containerRouteFound(s, "/outer");
    Bridge.requestEnd(s, null, null, "GET", 200, null);
    assertEquals(List.of("GET /outer 200 on " + thread()), recorded);
  }

  @Test
  void anAsyncRequestEndsOnceWhenItsContextCompletesOnAnotherThread() throws Exception {
    int[] status = {200};
    RequestState s = Bridge.requestStart();
    Bridge.routeFound("get", "/async");
    Bridge.containerRouteFound(s, "/async-servlet");
    Object listener =
        Bridge.requestSuspended(s, AsyncListener.class, null, response(status), "GET", "tp1");
    assertNotNull(listener);
    assertTrue(listener instanceof AsyncListener);
    assertEquals(List.of(), recorded, "not ended when the dispatch returns");
    assertEquals(1, inProgress.get(), "still in progress");
    assertEquals(0, s.depth, "the thread's state is free for its next request");
    assertNull(s.template);
    assertNull(s.route);

    status[0] = 202; // set by the thread that completes
    Thread completer =
        new Thread(
            () -> {
              try {
                ((AsyncListener) listener).onTimeout(null);
                ((AsyncListener) listener).onComplete(null);
                ((AsyncListener) listener).onComplete(null); // at most once
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "completer");
    completer.start();
    completer.join(10_000);
    assertEquals(List.of("get /async 202 tp=tp1 on completer"), recorded);
    assertEquals(0, inProgress.get());
  }

  @Test
  void aNestedCallHandsNothingOff() {
    RequestState s = Bridge.requestStart();
    RequestState inner = Bridge.requestStart();
    assertNull(
        Bridge.requestSuspended(
            inner, AsyncListener.class, null, response(new int[] {200}), "GET", null));
    Bridge.requestEnd(s, null, null, "GET", 200, null);
    assertEquals(List.of("GET null 200 on " + thread()), recorded);
  }

  @Test
  void aListenerThatCouldNotBeRegisteredEndsTheRequestAtOnce() {
    RequestState s = Bridge.requestStart();
    Object listener =
        Bridge.requestSuspended(
            s, AsyncListener.class, null, response(new int[] {500}), "GET", null);
    Bridge.asyncRequestEnd(listener);
    Bridge.asyncRequestEnd(listener);
    assertEquals(List.of("GET null 500 on " + thread()), recorded);
  }

  /** A second startAsync drops the listeners; ours joins the new cycle (Servlet 6.0, 2.3.3.3). */
  @Test
  void theListenerReRegistersOnANewStartAsync() throws Exception {
    RequestState s = Bridge.requestStart();
    AsyncListener listener =
        (AsyncListener)
            Bridge.requestSuspended(
                s, AsyncListener.class, null, response(new int[] {200}), "GET", null);
    List<Object> added = new ArrayList<>();
    AsyncContext context =
        (AsyncContext)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {AsyncContext.class},
                (p, m, a) -> {
                  if (m.getName().equals("addListener")) {
                    added.add(a[0]);
                  }
                  return null;
                });
    listener.onStartAsync(new AsyncEvent(context));
    assertEquals(List.of(listener), added);
    assertEquals(List.of(), recorded);
  }

  @Test
  void onlyObjectsOfTheAgentsLoaderAreItsOwnHandlers() throws Exception {
    assertFalse(Bridge.ownHandler(new Object()), "no agent loader set: nothing is the agent's");
    ClassLoader other = new java.net.URLClassLoader(new java.net.URL[0], null);
    try {
      Bridge.setAgentLoader(other);
      assertFalse(Bridge.ownHandler(new Object()));
      assertFalse(Bridge.ownHandler(null));
      Bridge.setAgentLoader(getClass().getClassLoader());
      assertTrue(Bridge.ownHandler(this));
    } finally {
      Bridge.setAgentLoader(null);
    }
  }
}
