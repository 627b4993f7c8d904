package dev.metricsagent.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge for servlet containers: their naming, the async hand-off, first-seen route tables. */
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
    public void record(CompletedRequest r) {
      if (r.route() != null) {
        inProgress.decrementAndGet();
      }
      recorded.add(
          r.method() + " " + r.template() + " " + r.status()
              + (r.durationNanos() >= 0 ? "" : " negative")
              + (r.traceparent() == null ? "" : " tp=" + r.traceparent())
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
    Recorders.set(new ListRecorder());
  }

  @AfterEach
  void uninstall() {
    Recorders.set(null);
  }

  /** What an exit advice does: the answer, then the end. */
  private static void end(RequestState s, String method, int status) {
    s.answered(method, status, true, null);
    Requests.end(s, null, null);
  }

  /** The listeners registered on the stand-in request's async context. */
  private final List<AsyncListener> listeners = new ArrayList<>();

  /** A request that went async; its async context keeps the listeners, or refuses them. */
  private HttpServletRequest asyncRequest(boolean refuses) {
    AsyncContext context =
        (AsyncContext)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {AsyncContext.class},
                (p, m, a) -> {
                  if (refuses) {
                    throw new IllegalStateException("not async");
                  }
                  listeners.add((AsyncListener) a[0]);
                  return null;
                });
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (p, m, a) -> m.getName().equals("getAsyncContext") ? context : null);
  }

  /** The exit of an outermost hook whose request went async. */
  private void suspend(RequestState s, int[] status, String traceparent, boolean refuses) {
    s.answered("GET", status[0], true, null);
    s.traceparent(traceparent);
    s.asyncStarted(true);
    Requests.end(s, asyncRequest(refuses), response(status), AsyncListener.class);
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
    RequestState s = Requests.start();
    Requests.containerRouteFound(s, "/items/*", null);
    end(s, "GET", 200);
    assertEquals(List.of("GET /items/* 200 on " + thread()), recorded);
  }

  @Test
  void aFrameworkTemplateIsFinerThanTheServletMapping() {
    RequestState s = Requests.start();
    RequestState inner = Requests.start(); // e.g. Spark's MatcherFilter inside the container
    Requests.routeFound("get", "/items/:id");
    end(inner, "GET", 200);
    Requests.containerRouteFound(s, "/*", null);
    end(s, "GET", 200);
    assertEquals(List.of("get /items/:id 200 on " + thread()), recorded);
  }

  @Test
  void aFrameworkThatFoundNoRouteLeavesTheRequestUnmatched() {
    RequestState s = Requests.start();
    Requests.routeFound("get", null); // looked up, nothing matched
    Requests.containerRouteFound(s, "/*", null);
    end(s, "GET", 404);
    assertEquals(List.of("get null 404 on " + thread()), recorded);
  }

  /** A filter in front of a framework's servlet answered: its mapping ({@code /*}) is no route. */
  @Test
  void aFrameworkServletsMappingNamesNoRequest() {
    ContainerServlets.frameworkServlets("/shop", Map.of("jersey", "jaxrs")); // no route finder
    RequestState s = Requests.start("/shop");
    Requests.containerRouteFound(s, "/*", "jersey");
    end(s, "TRACE", 405);
    RequestState other = Requests.start("/other"); // the same name in another web app: a route
    Requests.containerRouteFound(other, "/*", "jersey");
    end(other, "GET", 200);
    assertEquals(
        List.of("TRACE null 405 on " + thread(), "GET /other/* 200 on " + thread()), recorded);
  }

  /** A framework as a filter passed the request on: what the container's servlets served. */
  @Test
  void aRequestAFrameworkPassedOnIsWhatTheContainerServed() {
    for (int status : new int[] {200, 404}) {
      RequestState s = Requests.start("/web");
      Requests.routeFound("GET", null); // Jersey's filter found nothing and forwarded
      Requests.containerRouteFound(s, "/", "default");
      end(s, "GET", status);
    }
    RequestState jsp = Requests.start("/web");
    Requests.routeFound("GET", null);
    Requests.containerRouteFound(jsp, "*.jsp", "jsp");
    end(jsp, "GET", 200);
    assertEquals(
        List.of(
            "GET " + Requests.STATIC_RESOURCE + " 200 on " + thread(),
            "GET null 404 on " + thread(),
            "GET /web/*.jsp 200 on " + thread()),
        recorded);
  }

  @Test
  void pathPartsAreJoinedWithOneSlash() {
    assertEquals("/", TemplateJoins.joinPath(null, "/"));
    assertEquals("/items/{itemid}/", TemplateJoins.joinPath("/", "/items/{itemid}/"));
    assertEquals(
        "/items/{itemid}/tracks/{num}", TemplateJoins.joinPath("/items/{itemid}/", "/tracks/{num}"));
    assertEquals("/items/{itemid}/tracks", TemplateJoins.joinPath("/items/{itemid}", "tracks"));
    assertEquals("/about", TemplateJoins.joinPath("/about", "/"));
    assertSame(
        TemplateJoins.joinPath("/a/", "/b"), TemplateJoins.joinPath(new String("/a/"), "/b"));
  }

  /** Spark in a servlet container: a filter halted before routing; Spark's late lookup names it. */
  @Test
  void aFrameworksLateLookupWorksInsideTheContainersHook() {
    RequestState s = Requests.start();
    RequestState spark = Requests.start();
    assertTrue(spark.noRouteLookup());
    Requests.routeFoundLate(spark, "get", "/secure/:id");
    end(spark, "GET", 401);
    Requests.containerRouteFound(s, "/*", null);
    end(s, "GET", 401);
    assertEquals(List.of("get /secure/:id 401 on " + thread()), recorded);
  }

  @Test
  void anInnerCallDoesNotNameTheRequest() {
    RequestState s = Requests.start();
    RequestState inner = Requests.start();
    Requests.containerRouteFound(inner, "/inner", null); // a forward's dispatch: not the outermost
    end(inner, "GET", 200);
    Requests.containerRouteFound(s, "/outer", null);
    end(s, "GET", 200);
    assertEquals(List.of("GET /outer 200 on " + thread()), recorded);
  }

  @Test
  void anAsyncRequestEndsOnceWhenItsContextCompletesOnAnotherThread() throws Exception {
    int[] status = {200};
    RequestState s = Requests.start();
    Requests.routeFound("get", "/async");
    Requests.containerRouteFound(s, "/async-servlet", null);
    suspend(s, status, "tp1", false);
    assertEquals(1, listeners.size());
    AsyncListener listener = listeners.get(0);
    assertEquals(List.of(), recorded, "not ended when the dispatch returns");
    assertEquals(1, inProgress.get(), "still in progress");
    assertEquals(0, s.depth, "the thread's state is free for its next request");
    assertNull(s.template);
    assertNull(s.containerTemplate);
    assertNull(s.route);

    status[0] = 202; // set by the thread that completes
    Thread completer =
        new Thread(
            () -> {
              try {
                listener.onTimeout(null);
                listener.onComplete(null);
                listener.onComplete(null); // at most once
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

  /**
   * WebFlux on a servlet container: the exchange its start saw is kept to the hand-off only; a
   * request no mapping named is looked up when its context completes, with the status known then
   * (a plain 404 is not looked up); a named one is not looked up.
   */
  @Test
  void aFrameworkExchangeNoRouteNamedIsLookedUpWhenItsContextCompletes() throws Exception {
    ContainerServlets.frameworkServlets("", Map.of("webflux-servlet", "webflux"));
    List<Object> lookedUp = new ArrayList<>();
    Settings.install(
        Settings.NONE.withRouteFinder(
            (framework, table, exchange, state) -> {
              lookedUp.add(framework + " " + exchange);
              Requests.routeFoundLate(state, "GET", "/items/{id}", "/api");
            }));
    try {
      int[][] statuses = {{200}, {200}, {200}};
      String[] exchanges = {"refused", "missing", "routed"};
      for (int i = 0; i < 3; i++) {
        RequestState s = Requests.start("");
        assertNull(ReactiveRequests.start(exchanges[i], "GET", "/api", null));
        if (i == 2) {
          ReactiveRequests.routeFound(null, "GET", "/items/{id}", "/api");
        }
        Requests.containerRouteFound(s, "/", "webflux-servlet");
        suspend(s, statuses[i], null, false);
        assertNull(s.exchange, "the thread's state holds no app object after its hook");
      }
      statuses[0][0] = 401;
      statuses[1][0] = 404;
      for (AsyncListener l : listeners) {
        l.onComplete(null);
      }
      assertEquals(List.of("webflux refused"), lookedUp);
      assertEquals(
          List.of(
              "GET /api/items/{id} 401 on " + thread(),
              "GET null 404 on " + thread(),
              "GET /api/items/{id} 200 on " + thread()),
          recorded);
    } finally {
      Settings.install(Settings.NONE);
      ContainerServlets.frameworkServlets("", Map.of());
    }
  }

  @Test
  void aNestedCallHandsNothingOff() {
    RequestState s = Requests.start();
    RequestState inner = Requests.start();
    suspend(inner, new int[] {200}, null, false);
    assertEquals(List.of(), listeners);
    end(s, "GET", 200);
    assertEquals(List.of("GET null 200 on " + thread()), recorded);
  }

  @Test
  void aListenerThatCouldNotBeRegisteredEndsTheRequestAtOnce() {
    RequestState s = Requests.start();
    suspend(s, new int[] {500}, null, true);
    assertEquals(0, s.depth);
    assertEquals(List.of("GET null 500 on " + thread()), recorded);
  }

  /** A second startAsync drops the listeners; ours joins the new cycle (Servlet 6.0, 2.3.3.3). */
  @Test
  void theListenerReRegistersOnANewStartAsync() throws Exception {
    RequestState s = Requests.start();
    suspend(s, new int[] {200}, null, false);
    AsyncListener listener = listeners.get(0);
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
    assertFalse(Settings.ownHandler(new Object()), "no agent loader set: nothing is the agent's");
    ClassLoader other = new java.net.URLClassLoader(new java.net.URL[0], null);
    try {
      Settings.install(Settings.NONE.withAgentLoader(other));
      assertFalse(Settings.ownHandler(new Object()));
      assertFalse(Settings.ownHandler(null));
      Settings.install(Settings.NONE.withAgentLoader(getClass().getClassLoader()));
      assertTrue(Settings.ownHandler(this));
    } finally {
      Settings.install(Settings.NONE);
    }
  }

  @Test
  void aRouteTableIsSeenFirstOnce() {
    Object table = new Object();
    assertTrue(RouteTables.firstSeen(table));
    assertFalse(RouteTables.firstSeen(table));
    assertFalse(RouteTables.firstSeen(null));
  }
}
