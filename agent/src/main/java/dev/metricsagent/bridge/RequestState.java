package dev.metricsagent.bridge;

/**
 * Per-thread scratch space that lets the woven methods of one request (entry, route lookup,
 * exit) talk. One instance per thread, reused for every request, so nothing is allocated per
 * request. The entry advice gets it from {@link Requests#start} and hands it back to {@link
 * Requests#end}; in between, the exit advice tells it what the client got.
 *
 * <pre>{@code
 * RequestState s = Requests.start();                                  // entry advice
 * s.answered(req.getMethod(), resp.getStatus(), resp.isCommitted(), thrown); // exit advice
 * Requests.end(s, req, resp);
 * }</pre>
 */
public final class RequestState {
  /** Nesting depth of the request entry point; only the outermost call records. */
  int depth;

  /** {@code System.nanoTime()} at the outermost entry. */
  long start;

  /** The method the framework routed the request as (first route lookup), or null. */
  String routedMethod;

  /** First matched route template of the current request, or null. */
  String template;

  /**
   * The recorder's handle for the matched route ({@link HttpRecorder#routeStarted}), or null. The
   * request counts as in progress on it until it is handed back at the end.
   */
  Object route;

  /** The status the client got; 0 while unknown (then the request ends as a 500). */
  int status;

  /** The request's own method, used when no route lookup ran. */
  String requestMethod;

  /** The W3C {@code traceparent} header, read only when {@link #traceparentWanted()}. */
  String traceparent;

  /**
   * The container's own name for the request (servlet mapping pattern, JDK context path, joined
   * to the context path), used at the end if no framework hook inside looked a route up; or null.
   */
  String containerTemplate;

  /** The servlet that gave {@link #containerTemplate}: one of {@link ContainerServlets}' kinds. */
  byte containerServlet;

  /** For a framework's servlet ({@link ContainerServlets#FRAMEWORK}): that module's name. */
  String containerFramework;

  /** The request's web app context path ({@code ""} at the root), or null outside a container. */
  String contextPath;

  /**
   * The context path of the web app this thread is starting ({@link RouteEvents#webAppStarting}),
   * or null: the routes it registers are listed under it. Not reset per request.
   */
  String webAppStarting;

  /**
   * A server's connector-level hook entered ({@link Requests#serverStart}) and no request hook
   * inside has started yet: if none does, the connector's exit records the request. Not reset
   * per request: {@link Requests#start} takes it over.
   */
  boolean serverPending;

  /** {@code System.nanoTime()} at the connector-level entry, while {@link #serverPending}. */
  long serverStart;

  /** The request went async ({@code startAsync}): it ends when its async context completes. */
  boolean asyncStarted;

  /**
   * A reactive request's exchange (WebFlux), for a late route lookup at its end. Held only by the
   * request's own state, which the exchange holds, or, for WebFlux on a servlet container, by the
   * thread's state until its hook ends (cleared by {@link #reset}), then by its {@link
   * AsyncRequest}.
   */
  Object exchange;

  /**
   * The request's template is a prefix route's (Vert.x: path-less or wildcard, middleware most
   * often): a request it answered with an error is named by the route it stood in front of.
   */
  boolean prefixRoute;

  /**
   * Routers mounted in routers the request went through ({@link RouterMounts}): raw mount point
   * and its template, in pairs; null until the first.
   */
  String[] mounts;

  /** How many pairs {@link #mounts} holds. */
  int mountCount;

  /** A reactive request's end, once: 0 until it ended ({@link ReactiveRequests#end}). */
  volatile int ended;

  /**
   * What the recorder is handed at the end of a request of this thread; reused. Null in a
   * reactive request's own state ({@link #reactive()}), which is recorded through the ending
   * thread's.
   */
  final CompletedRequest completed;

  /**
   * The simple class name of the first exception an exit advice saw escape the handling (the
   * innermost), or null: the {@code exception} label where the naming profile has one.
   */
  String exception;

  RequestState() {
    this(new CompletedRequest());
  }

  private RequestState(CompletedRequest completed) {
    this.completed = completed;
  }

  /**
   * A reactive request's own state, allocated per request: without a {@link CompletedRequest} of
   * its own ({@link #complete(CompletedRequest, long)} fills the ending thread's).
   */
  static RequestState reactive() {
    return new RequestState(null);
  }

  void reset() {
    exception = null;
    routedMethod = null;
    template = null;
    route = null;
    status = 0;
    requestMethod = null;
    traceparent = null;
    asyncStarted = false;
    containerTemplate = null;
    containerServlet = ContainerServlets.NONE;
    containerFramework = null;
    contextPath = null;
    exchange = null;
    prefixRoute = false;
  }

  /**
   * The exit advice's answer: the request's method and the status the client got. An exception
   * escaping the hooked method is the container's 500, unless a status was sent already. A
   * nested hook's answer only keeps the exception: every hook that ends a request answers for
   * it at its own exit, so the outermost's answer is the one recorded ({@link #nested}).
   */
  public void answered(String requestMethod, int status, boolean committed, Throwable thrown) {
    if (depth > 1) {
      failed(thrown);
      return;
    }
    this.requestMethod = requestMethod;
    this.status = thrown == null || committed ? status : 500;
    this.asyncStarted = false;
    failed(thrown);
  }

  /**
   * {@link #answered(String, int, boolean, Throwable)} for a hook with no response to read: the
   * status the framework wrote ({@link Requests#responseStatus}), else 500 after an exception,
   * else 200.
   */
  public void answered(String requestMethod, Throwable thrown) {
    if (depth > 1) {
      failed(thrown);
      return;
    }
    this.requestMethod = requestMethod;
    if (status <= 0) {
      status = thrown != null ? 500 : 200;
    }
    this.asyncStarted = false;
    failed(thrown);
  }

  /**
   * Keeps the class name of {@code t}, unless an inner hook's exit kept one already. A servlet
   * exception wrapping the handler's own (Spring's "Request processing failed") is unwrapped, as
   * Actuator does; an anonymous class keeps its binary name, as Micrometer does.
   */
  void failed(Throwable t) {
    if (t == null || exception != null) {
      return;
    }
    String wrapper = t.getClass().getName();
    if (t.getCause() != null
        && ("jakarta.servlet.ServletException".equals(wrapper)
            || "javax.servlet.ServletException".equals(wrapper))) {
      t = t.getCause();
    }
    String name = t.getClass().getSimpleName();
    exception = name.isEmpty() ? t.getClass().getName() : name;
  }

  /**
   * Whether this exit should read the {@code traceparent} header: exemplars want it and this is
   * the outermost hook. The hooks inside it (Spring's filters, a framework's servlet inside the
   * container's hook) would read the same header for nothing: the outermost exit runs last and
   * its read is the one kept.
   */
  public boolean traceparentWanted() {
    return depth == 1 && Settings.traceparentWanted();
  }

  /**
   * Whether the container's own name for the request (its servlet mapping) is worth reading at
   * the outermost hook's exit: not when a framework inside named the request already, whose
   * template always wins ({@link #recordedTemplate()}).
   */
  public boolean containerRouteWanted() {
    return depth == 1 && template == null;
  }

  /** The request's {@code traceparent} header, or null. */
  public void traceparent(String header) {
    traceparent = header;
  }

  /**
   * Whether this hook is inside another hook of the same request, which answers for it ({@link
   * #answered}): its exit need not read the response.
   */
  public boolean nested() {
    return depth > 1;
  }

  /** Whether the server is answering a request no request hook inside it has started. */
  public boolean serverPending() {
    return serverPending;
  }

  /** Whether the request went async; {@link Requests#end} then hands it off. */
  public void asyncStarted(boolean started) {
    asyncStarted = started;
  }

  /**
   * True for a request in progress whose framework never looked up a route: it stopped the
   * request before routing (a filter halted or threw). Only then is a late lookup worth its cost.
   * Any depth: a servlet container's hook may be outside the framework's.
   */
  public boolean noRouteLookup() {
    return depth >= 1 && routedMethod == null && template == null;
  }

  /** The template the request is named by so far, or null (for a chain of route finders). */
  public String template() {
    return template;
  }

  /** The method the request is recorded with: the routed one, else its own. */
  String method() {
    return routedMethod != null ? routedMethod : requestMethod;
  }

  /**
   * The template the request is recorded with: a framework's, else the container's (its default
   * servlet's errors and its JSP servlet's 404 are unmatched). A framework that looked and found
   * no route leaves the request {@code unmatched}, unless it passed the request on to the
   * container's default or JSP servlet (a framework as a servlet filter): then it is what the
   * container served it as.
   */
  String recordedTemplate() {
    if (template == Requests.STATIC_RESOURCE && status >= 400) {
      return null; // a static handler's error (no such file): no file was served
    }
    if (template != null
        || routedMethod != null
            && containerServlet != ContainerServlets.DEFAULT
            && containerServlet != ContainerServlets.JSP) {
      return template;
    }
    return ContainerServlets.template(containerTemplate, containerServlet, status);
  }

  /** Fills {@link #completed} with this request, ended now. */
  CompletedRequest complete(long now) {
    return complete(completed, now);
  }

  /**
   * Fills {@code into} with this request, ended now: a reactive request's end fills the ending
   * thread's own, which is free until that thread's request ends (recording is synchronous and
   * never re-enters the bridge).
   */
  CompletedRequest complete(CompletedRequest into, long now) {
    return into.set(
        route,
        method(),
        recordedTemplate(),
        status > 0 ? status : 500,
        now - start,
        traceparent,
        exception);
  }
}
