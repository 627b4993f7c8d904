package dev.metricsagent.bridge;

/**
 * The only agent type woven code calls. The agent appends this package to the bootstrap class
 * path before installing any advice, so an app loaded by an isolated class loader still resolves
 * it, and a second copy of the agent (attach after {@code -javaagent}) finds the first one here.
 *
 * <pre>{@code
 * long start = Bridge.requestStart();          // entry advice
 * Bridge.routeFound("get", "/products/:id");   // route lookup advice
 * Bridge.requestEnd(start, "GET", 200);        // exit advice
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

  /** Starts delivering requests to {@code r}; requests finishing before this are not seen. */
  public static void setRecorder(HttpRecorder r) {
    recorder = r;
  }

  /** Entry of the framework's request handling. Returns the start time for {@link #requestEnd}. */
  public static long requestStart() {
    RequestState s = STATE.get();
    if (s.depth++ == 0) {
      s.reset();
    }
    return System.nanoTime();
  }

  /**
   * A route lookup finished. The first lookup fixes the routed method; the first non-null
   * template wins (Spark looks up HEAD requests a second time as GET).
   */
  public static void routeFound(String routedMethod, String template) {
    RequestState s = STATE.get();
    if (s.depth == 0) {
      return; // a lookup outside request handling, or a request already in flight at attach
    }
    if (s.routedMethod == null) {
      s.routedMethod = routedMethod;
    }
    if (s.template == null) {
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
   * @param requestMethod the request's own method, used when no route lookup ran
   */
  public static void requestEnd(long start, String requestMethod, int status) {
    long duration = System.nanoTime() - start;
    RequestState s = STATE.get();
    if (s.depth == 0 || --s.depth > 0) {
      return; // unbalanced (entered before attach) or nested: the outermost call records
    }
    HttpRecorder r = recorder;
    if (r == null) {
      return;
    }
    String method = s.routedMethod != null ? s.routedMethod : requestMethod;
    String template = s.template;
    s.reset();
    try {
      r.record(method, template, status, duration);
    } catch (Throwable t) {
      RecorderFailure.report(t);
    }
  }
}
