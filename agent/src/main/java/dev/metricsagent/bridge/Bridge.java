package dev.metricsagent.bridge;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The only agent type woven code calls. The agent appends this package to the bootstrap class
 * path before installing any advice, so an app loaded by an isolated class loader still resolves
 * it, and a second copy of the agent (attach after {@code -javaagent}) finds the first one here.
 *
 * <pre>{@code
 * RequestState s = Bridge.requestStart();                  // entry advice
 * Bridge.routeFound("get", "/products/:id");               // route lookup advice
 * Bridge.requestEnd(s, request, response, "GET", 200, null); // exit advice
 * }</pre>
 *
 * <p>Every method is allocation-free once the calling thread has its {@link RequestState}, and
 * none throws: advice also suppresses Throwable, but the host must never pay for our bugs.
 */
public final class Bridge {
  /** Template reported for a request answered by a static file handler. */
  public static final String STATIC_RESOURCE = "\u0000static";

  private static final ThreadLocal<RequestState> STATE =
      new ThreadLocal<RequestState>() {
        @Override
        protected RequestState initialValue() {
          return new RequestState();
        }
      };

  private static volatile HttpRecorder recorder;

  /** Set while the recorder is built on another thread; released by {@link #setRecorder}. */
  private static volatile CountDownLatch recorderPending;

  /** How long an event waits for a recorder being built (normally a few tens of ms); tests shorten it. */
  static volatile long recorderWaitMillis = 10_000;
  private static volatile boolean traceparentWanted;
  private static volatile SizeReader sizeReader;
  private static volatile ConnectionReader connectionReader;
  private static volatile RouteLister routeLister;

  /** Route tables already listed (by identity); a handful at most: one per Spark service. */
  private static volatile Object[] listedRouteTables = new Object[0];

  private static final int MAX_ROUTE_TABLES = 16;
  private static volatile int activePort = -1;
  private static volatile String activeVersion;

  private Bridge() {}

  /**
   * Claims the bridge for one agent instance. Returns false (and changes nothing) if another copy
   * of the agent already claimed it, so the caller can report "already active" instead of
   * instrumenting twice.
   */
  public static synchronized boolean claim(String version) {
    if (activeVersion != null) {
      return false;
    }
    activeVersion = version;
    return true;
  }

  /** Records the port the claiming agent's exporter serves on. */
  public static void serving(int port) {
    activePort = port;
  }

  /** The exporter port of the agent that claimed the bridge, or -1 while none serves. */
  public static int activePort() {
    return activePort;
  }

  /**
   * The recorder is being built on another thread, off the app's start-up path: until {@link
   * #setRecorder} is called, route events and request ends wait for it instead of being lost.
   */
  public static void recorderPending() {
    recorderPending = new CountDownLatch(1);
  }

  /**
   * Starts delivering requests to {@code r}; requests finishing before this are not seen unless
   * {@link #recorderPending} was called. Null (the build failed) releases the waiters with nothing.
   */
  public static void setRecorder(HttpRecorder r) {
    recorder = r;
    CountDownLatch pending = recorderPending;
    if (pending != null) {
      recorderPending = null;
      pending.countDown();
    }
  }

  /** The recorder; when there is none yet, waits (bounded) if one is being built. */
  private static HttpRecorder recorder() {
    HttpRecorder r = recorder;
    return r != null ? r : awaitRecorder();
  }

  private static HttpRecorder awaitRecorder() {
    CountDownLatch pending = recorderPending;
    if (pending != null) {
      try {
        if (!pending.await(recorderWaitMillis, TimeUnit.MILLISECONDS)) {
          recorderPending = null; // never came: later events must not wait too
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the app's interrupt: keep it, record nothing
      }
    }
    return recorder;
  }

  /** Whether the exit advice should read the {@code traceparent} header (exemplars on). */
  public static void setTraceparentWanted(boolean wanted) {
    traceparentWanted = wanted;
  }

  /** Read by the exit advice: one volatile read, so the header is not looked up when off. */
  public static boolean traceparentWanted() {
    return traceparentWanted;
  }

  /** Turns the size metrics on with the given reader; null turns them off. */
  public static void setSizeReader(SizeReader reader) {
    sizeReader = reader;
  }

  /** Lists route tables met in requests through {@code lister} (after attach); null: off. */
  /** Installed when the naming profile labels scheme and protocol version; null: not read. */
  public static void setConnectionReader(ConnectionReader reader) {
    connectionReader = reader;
  }

  /**
   * The request's handling threw {@code t} (an exit advice's {@code @Advice.Thrown}): the first
   * one seen, the innermost, names the request's {@code exception} label where the naming profile
   * has one. Only its class name is kept.
   */
  public static void requestFailed(Throwable t) {
    RequestState s = STATE.get();
    if (t != null && s.depth > 0 && s.exception == null) {
      String wrapper = t.getClass().getName();
      if (t.getCause() != null
          && ("jakarta.servlet.ServletException".equals(wrapper)
              || "javax.servlet.ServletException".equals(wrapper))) {
        t = t.getCause(); // Spring's "Request processing failed": the handler's own, as Actuator
      }
      String name = t.getClass().getSimpleName();
      s.exception = name.isEmpty() ? t.getClass().getName() : name; // anonymous: as Micrometer
    }
  }

  public static void setRouteLister(RouteLister lister) {
    routeLister = lister;
  }

  /**
   * A request used this route table. The first time a table is met, its routes are listed into
   * the inventory; later calls cost a volatile read and an identity check.
   */
  public static void routeTableInUse(Object table) {
    RouteLister lister = routeLister;
    if (lister == null || table == null) {
      return;
    }
    for (Object known : listedRouteTables) {
      if (known == table) {
        return;
      }
    }
    synchronized (Bridge.class) {
      Object[] known = listedRouteTables;
      for (Object k : known) {
        if (k == table) {
          return;
        }
      }
      if (known.length >= MAX_ROUTE_TABLES) {
        return;
      }
      Object[] more = java.util.Arrays.copyOf(known, known.length + 1);
      more[known.length] = table;
      listedRouteTables = more;
    }
    try {
      lister.listRoutes(table);
    } catch (Throwable t) {
      RecorderFailure.report(t);
    }
  }

  /**
   * Entry of the framework's request handling. Returns the thread's state, to be handed back to
   * {@link #requestEnd} (saves the exit a thread-local lookup).
   */
  public static RequestState requestStart() {
    RequestState s = STATE.get();
    if (s.depth++ == 0) {
      s.reset();
      s.start = System.nanoTime();
    }
    return s;
  }

  /**
   * A route lookup finished. The first lookup fixes the routed method; the first non-null
   * template wins (Spark looks up HEAD requests a second time as GET). From then on the request
   * counts as in progress on that route.
   */
  public static void routeFound(String routedMethod, String template) {
    RequestState s = STATE.get();
    if (s.depth == 0) {
      return; // a lookup outside request handling, or a request already in flight at attach
    }
    if (s.routedMethod == null) {
      s.routedMethod = routedMethod;
    }
    if (s.template == null && template != null) {
      s.template = template;
      HttpRecorder r = recorder();
      if (r != null) {
        try {
          s.route = r.routeStarted(s.routedMethod, template);
        } catch (Throwable t) {
          RecorderFailure.report(t);
        }
      }
    }
  }

  /**
   * The route a request stopped before routing would have matched, found by the exit advice's
   * own lookup (only when {@link RequestState#noRouteLookup()}). Not counted as in progress: the
   * request is already over.
   */
  public static void routeFoundLate(RequestState s, String routedMethod, String template) {
    if (s != null && s.depth >= 1) { // >= (issue 15): inside a servlet container's hook too
      s.routedMethod = routedMethod;
      s.template = template;
    }
  }

  /** The request was answered by a static file handler before any route lookup. */
  public static void staticResourceServed() {
    RequestState s = STATE.get();
    if (s.depth > 0 && s.template == null) {
      s.template = STATIC_RESOURCE;
    }
  }

  /**
   * Exit of the framework's request handling.
   *
   * @param s what {@link #requestStart} returned (null if the entry advice failed)
   * @param request the server's request object, for the size metrics
   * @param response the server's response object, for the size metrics
   * @param requestMethod the request's own method, used when no route lookup ran
   * @param traceparent the W3C {@code traceparent} header if {@link #traceparentWanted()}
   */
  public static void requestEnd(
      RequestState s,
      Object request,
      Object response,
      String requestMethod,
      int status,
      String traceparent) {
    if (s == null || s.depth == 0 || --s.depth > 0) {
      return; // unbalanced (entered before attach) or nested: the outermost call records
    }
    long duration = System.nanoTime() - s.start;
    HttpRecorder r = recorder();
    Object route = s.route;
    String method = s.routedMethod != null ? s.routedMethod : requestMethod;
    String template = s.template;
    String exception = s.exception;
    s.reset();
    if (r == null) {
      return;
    }
    try {
      long requestBytes = -1;
      long responseBytes = -1;
      SizeReader sizes = sizeReader;
      if (sizes != null) {
        requestBytes = sizes.requestBytes(request);
        responseBytes = sizes.responseBytes(response);
      }
      ConnectionReader connections = connectionReader;
      int connection = connections == null ? 0 : connections.connection(request);
      r.record(
          route, method, template, status, duration, traceparent, requestBytes, responseBytes,
          connection, exception);
    } catch (Throwable t) {
      RecorderFailure.report(t);
    }
  }

  /** The app registered a route. */
  public static void routeAdded(String method, String template) {
    HttpRecorder r = recorder();
    if (r != null && template != null) {
      try {
        r.routeAdded(method, template);
      } catch (Throwable t) {
        RecorderFailure.report(t);
      }
    }
  }

  /** The app removed a route; {@code method} null means every method. */
  public static void routeRemoved(String method, String template) {
    HttpRecorder r = recorder();
    if (r != null && template != null) {
      try {
        r.routeRemoved(method, template);
      } catch (Throwable t) {
        RecorderFailure.report(t);
      }
    }
  }

  /** The app removed all its routes. */
  public static void routesCleared() {
    HttpRecorder r = recorder();
    if (r != null) {
      try {
        r.routesCleared();
      } catch (Throwable t) {
        RecorderFailure.report(t);
      }
    }
  }

  // ---- Issue 15: servlet containers, JDK HttpServer (instrumentation/servlet, jdkhttp) ----

  /**
   * Method of a route that serves every method (a servlet mapping, a JDK {@code HttpContext}):
   * {@link #routeAdded} lists it in the inventory as {@code ANY}, with no zero series.
   */
  public static final String ANY_METHOD = "ANY";

  /**
   * Request attribute set on a request whose async completion the agent awaits, so that a later
   * dispatch of the same request (async dispatch, error, timeout) is not taken for a new one.
   */
  public static final String ASYNC_ATTRIBUTE = "dev.metricsagent.asyncRequest";

  /** The class loader of the agent's own classes (its exporter's handlers), or null. */
  private static volatile ClassLoader agentLoader;

  /** Set once at start: objects of this loader's classes are the agent's own, never the app's. */
  public static void setAgentLoader(ClassLoader loader) {
    agentLoader = loader;
  }

  /**
   * Whether {@code handler} is one of the agent's own (the exporter runs on the same JDK HTTP
   * server classes as the app): its requests and contexts are not the app's.
   */
  public static boolean ownHandler(Object handler) {
    ClassLoader agent = agentLoader;
    return handler != null && agent != null && handler.getClass().getClassLoader() == agent;
  }

  /** Servlet contexts whose mappings were listed (by identity); one per web app, a few at most. */
  private static volatile Object[] listedContexts = new Object[0];

  /**
   * The container's own name for the request (the servlet mapping pattern, the JDK context path),
   * used only when no framework hook inside it looked a route up: a framework's template is finer,
   * and a framework that found no route makes the request {@code unmatched}. Called by the
   * outermost exit advice before {@link #requestEnd} or {@link #requestSuspended}.
   */
  public static void containerRouteFound(RequestState s, String template) {
    if (s != null && s.depth == 1 && s.routedMethod == null && s.template == null) {
      s.template = template;
    }
  }

  /**
   * The outermost call returned but the request went async ({@code startAsync}): instead of
   * ending it, returns a listener (a proxy implementing {@code listenerType}, the container's
   * {@code AsyncListener}) that ends it when the async context completes, on whatever thread that
   * is; the request's route, method and start travel in it. The advice registers it with the
   * async context. Null when there is nothing to hand off (a nested call, no state).
   *
   * @param request the container's request, for the size metrics
   * @param response the container's response: its status is read at completion
   */
  public static Object requestSuspended(
      RequestState s,
      Class<?> listenerType,
      Object request,
      Object response,
      String requestMethod,
      String traceparent) {
    if (s == null || s.depth == 0 || --s.depth > 0) {
      return null;
    }
    AsyncRequest a =
        new AsyncRequest(
            s.start,
            s.route,
            s.routedMethod != null ? s.routedMethod : requestMethod,
            s.template,
            request,
            response,
            traceparent,
            listenerType);
    s.reset();
    try {
      return java.lang.reflect.Proxy.newProxyInstance(
          listenerType.getClassLoader(), new Class<?>[] {listenerType}, a);
    } catch (Throwable t) {
      a.complete(); // no listener: end it now rather than lose it
      RecorderFailure.report(t);
      return null;
    }
  }

  /**
   * Ends a request handed off by {@link #requestSuspended} now: the listener could not be
   * registered. Its status is the response's at this point.
   */
  public static void asyncRequestEnd(Object listener) {
    if (listener != null && java.lang.reflect.Proxy.isProxyClass(listener.getClass())) {
      Object h = java.lang.reflect.Proxy.getInvocationHandler(listener);
      if (h instanceof AsyncRequest) {
        ((AsyncRequest) h).complete();
      }
    }
  }

  /** Records an async request at its completion (see {@link AsyncRequest}). */
  static void recordAsync(AsyncRequest a, int status) {
    long duration = System.nanoTime() - a.start;
    HttpRecorder r = recorder();
    if (r == null) {
      return;
    }
    try {
      long requestBytes = -1;
      long responseBytes = -1;
      SizeReader sizes = sizeReader;
      if (sizes != null) {
        requestBytes = sizes.requestBytes(a.request);
        responseBytes = sizes.responseBytes(a.response);
      }
      ConnectionReader connections = connectionReader;
      r.record(
          a.route,
          a.method,
          a.template,
          status,
          duration,
          a.traceparent,
          requestBytes,
          responseBytes,
          connections == null ? 0 : connections.connection(a.request),
          null);
    } catch (Throwable t) {
      RecorderFailure.report(t);
    }
  }

  /**
   * True the first time a servlet context (or another route table listed by the advice itself)
   * is met, false after; at most 16 are remembered. The caller then lists its routes with {@link
   * #routeAdded}.
   */
  public static boolean routeTableFirstSeen(Object table) {
    if (table == null) {
      return false;
    }
    for (Object known : listedContexts) {
      if (known == table) {
        return false;
      }
    }
    synchronized (Bridge.class) {
      Object[] known = listedContexts;
      for (Object k : known) {
        if (k == table) {
          return false;
        }
      }
      if (known.length >= MAX_ROUTE_TABLES) {
        return false;
      }
      Object[] more = java.util.Arrays.copyOf(known, known.length + 1);
      more[known.length] = table;
      listedContexts = more;
      return true;
    }
  }

  /** Servlet classes whose framework module lists their routes ({@link #frameworkServlet}). */
  private static volatile String[] frameworkServlets = new String[0];

  /** Set once at start: the servlet classes the modules' own route listing covers. */
  public static void setFrameworkServlets(String[] classNames) {
    frameworkServlets = classNames.clone();
  }

  /**
   * Whether a servlet of this class serves a framework that lists its own routes (Javalin,
   * Spring MVC, Jersey): its mapping ({@code /*}, {@code /}) is then no route of its own, and the
   * servlet modules list no {@code ANY} row for it. Called once per servlet when a context is first
   * seen, never per request.
   */
  public static boolean frameworkServlet(String className) {
    if (className != null) {
      for (String s : frameworkServlets) {
        if (s.equals(className)) {
          return true;
        }
      }
    }
    return false;
  }

  // ---- end of issue 15 block ----

  // ---- issue 16: Spring MVC (instrumentation/spring) and JAX-RS (instrumentation/jaxrs) ----

  /**
   * True while a request is in flight and nothing has looked its route up yet: a servlet filter
   * answered it before the framework's dispatch. Spring's filter exits then look the route up
   * once; a normal request (the dispatcher looked it up) pays one thread-local read.
   */
  public static boolean routeLookupMissing() {
    RequestState s = STATE.get();
    return s.depth > 0 && s.routedMethod == null && s.template == null;
  }

  /**
   * The route a filter-answered request would have matched ({@code template} null: none). Marks
   * the lookup done either way, so enclosing filters do not repeat it. Not counted as in
   * progress: the request is already answered.
   */
  public static void routeFoundByLateLookup(String routedMethod, String template) {
    RequestState s = STATE.get();
    if (s.depth > 0 && s.routedMethod == null && s.template == null) {
      s.routedMethod = routedMethod;
      s.template = template;
    }
  }

  /**
   * The framework is writing a response with this status (Jersey's responder), for a request
   * whose outermost hook (Jersey's own entry on Grizzly or the JDK server) has no response object
   * to read the status from at its exit.
   */
  public static void responseStatus(int status) {
    RequestState s = STATE.get();
    if (s.depth > 0) {
      s.status = status;
    }
  }

  /** The status {@link #responseStatus(int)} saw for this request, else {@code fallback}. */
  public static int responseStatusOr(RequestState s, int fallback) {
    return s != null && s.status > 0 ? s.status : fallback;
  }

  private static final int MAX_CACHED_TEMPLATES = 10_000;
  private static final java.util.concurrent.ConcurrentHashMap<Object, String> TEMPLATES =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A template the advice joined before for this framework object (Jersey's matched resource
   * method), or null. Saves joining the matched path parts on every request.
   */
  public static String cachedTemplate(Object key) {
    return key == null ? null : TEMPLATES.get(key);
  }

  /** Remembers {@code template} for {@code key} (up to a fixed number of keys); returns it. */
  public static String cacheTemplate(Object key, String template) {
    if (key != null && template != null && TEMPLATES.size() < MAX_CACHED_TEMPLATES) {
      TEMPLATES.putIfAbsent(key, template);
    }
    return template;
  }
}
