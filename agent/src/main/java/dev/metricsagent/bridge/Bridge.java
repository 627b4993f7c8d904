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
    if (s.depth == 0 || s.handedOff) {
      // a lookup outside request handling, a request already in flight at attach, or one handed
      // to another thread (it took its route along)
      return;
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
    if (s != null && s.depth == 1) {
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
    if (s.handedOff) {
      s.reset(); // continues on another thread: recorded by asyncEnd
      return;
    }
    long duration = System.nanoTime() - s.start;
    HttpRecorder r = recorder();
    Object route = s.route;
    String method = s.routedMethod != null ? s.routedMethod : requestMethod;
    String template = s.template;
    s.reset();
    record(r, route, method, template, status, duration, traceparent, request, response);
  }

  private static void record(
      HttpRecorder r,
      Object route,
      String method,
      String template,
      int status,
      long duration,
      String traceparent,
      Object request,
      Object response) {
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
      r.record(route, method, template, status, duration, traceparent, requestBytes, responseBytes);
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

  // ---- Async hand-off (Javalin module: ctx.future). A request whose outermost hook is the
  // framework's own entry continues on another thread; the servlet container's hook, where it is
  // outermost, ends async requests its own way and this block stays unused. ----

  /**
   * The outermost request on this thread continues on another thread (the framework started
   * async handling): returns the handle its end is recorded with ({@link #asyncEnd}), and the
   * thread's own exit ({@link #requestEnd}) then records nothing. Null when this thread's request
   * is not the outermost one (an outer hook ends it) or was handed off already.
   */
  public static Object requestAsync() {
    RequestState s = STATE.get();
    if (s.depth != 1 || s.handedOff) {
      return null;
    }
    s.handedOff = true;
    String method = s.routedMethod;
    String template = s.template;
    Object route = s.route;
    s.route = null; // its in-progress count now travels with the handle
    return new HandedOffRequest(s.start, method, template, route);
  }

  /**
   * Whether an async request may end on this thread: false inside a synchronous request (the
   * common case: the exit advice then skips its attribute lookup).
   */
  public static boolean asyncEndPossible() {
    RequestState s = STATE.get();
    return s.depth == 0 || s.handedOff;
  }

  /**
   * The end of a request {@link #requestAsync} handed off, on whatever thread completes it.
   * Records once per handle, however often it is called (a timeout racing the completion).
   *
   * @param handle what {@link #requestAsync} returned
   * @param requestMethod the request's own method, used when no route lookup ran
   */
  public static void asyncEnd(
      Object handle,
      Object request,
      Object response,
      String requestMethod,
      int status,
      String traceparent) {
    if (!(handle instanceof HandedOffRequest)) {
      return;
    }
    HandedOffRequest a = (HandedOffRequest) handle;
    if (!a.end()) {
      return;
    }
    long duration = System.nanoTime() - a.start;
    String method = a.routedMethod != null ? a.routedMethod : requestMethod;
    HttpRecorder r = recorder();
    record(r, a.route, method, a.template, status, duration, traceparent, request, response);
  }
}
