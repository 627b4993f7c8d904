package dev.metricsagent.bridge;

/**
 * The request state machine woven code drives: the outermost hook of a request times it and
 * records it once (a depth counter in the thread's {@link RequestState}); hooks inside only name
 * it, the first non-null template winning.
 *
 * <pre>{@code
 * RequestState s = Requests.start();                      // entry advice
 * Requests.routeFound("get", "/products/:id");            // route lookup advice
 * s.answered("GET", 200, true, null);                     // exit advice
 * Requests.end(s, request, response);
 * }</pre>
 *
 * <p>Every method is allocation-free once the calling thread has its {@link RequestState}
 * (an async hand-off aside), and none throws: advice also suppresses Throwable, but the host must
 * never pay for our bugs.
 */
public final class Requests {
  /** Template reported for a request answered by a static file handler. */
  public static final String STATIC_RESOURCE = "\u0000static";

  private static final ThreadLocal<RequestState> STATE =
      new ThreadLocal<RequestState>() {
        @Override
        protected RequestState initialValue() {
          return new RequestState();
        }
      };

  private Requests() {}

  /**
   * Entry of a hooked request handler. Returns the thread's state, to be handed back to {@link
   * #end} (saves the exit a thread-local lookup).
   */
  public static RequestState start() {
    RequestState s = STATE.get();
    if (s.depth++ == 0) {
      s.reset();
      s.start = s.serverPending ? s.serverStart : System.nanoTime();
      s.serverPending = false; // this hook records it: the connector's exit must not
    }
    return s;
  }

  /**
   * Entry of a server's connector-level hook (Tomcat's {@code CoyoteAdapter.service}), outside
   * every request hook: the clock starts here. A request hook inside takes the request over (its
   * duration then covers what the server did first); a request the server answers itself (a bad
   * URI's 400, the context root's redirect) is recorded at {@link #serverEnd}, unmatched. Null
   * inside a request (nothing to do).
   */
  public static RequestState serverStart() {
    RequestState s = STATE.get();
    if (s.depth > 0) {
      return null;
    }
    s.serverPending = true;
    s.serverStart = System.nanoTime();
    return s;
  }

  /**
   * Exit of the connector-level hook: a request no hook inside started is recorded now, {@code
   * unmatched}, with the status the server answered (one record per request: a request hook
   * inside recorded it, or hands it off when it went async). Status 0 (none set, nothing sent
   * yet: a server's own handler still answering asynchronously) is not recorded, rather than
   * with a status the client never got.
   */
  public static void serverEnd(RequestState s, String method, int status) {
    if (s == null || !s.serverPending) {
      return;
    }
    s.serverPending = false;
    if (s.depth != 0 || status <= 0) {
      return;
    }
    s.reset();
    s.start = s.serverStart;
    s.answered(method, status, true, null);
    CompletedRequest done = s.complete(System.nanoTime());
    s.reset();
    Recorders.record(done, null, null);
  }

  /**
   * The thread's request pending in a connector-level hook, or null: for a server that completes
   * a request inside that hook, in a callback with no handle on the hook's state (Jetty 9.4 to
   * 11's {@code HttpChannel.onCompleted}, called within {@code handle()} or {@code
   * onBadMessage}), which then ends it ({@link #serverEnd}). A completion on another thread (an
   * async request) finds nothing pending there.
   */
  public static RequestState serverPendingState() {
    RequestState s = STATE.get();
    return s.serverPending ? s : null;
  }

  /**
   * Exit of a connector-level hook whose request is recorded elsewhere ({@link #serverPendingState}),
   * if at all: what is still pending was not completed on this thread (a server's own handler
   * went async), so it is dropped, never recorded twice or left for the next request.
   */
  public static void serverLeave(RequestState s) {
    if (s != null) {
      s.serverPending = false;
    }
  }

  /**
   * The server read a request line with this method and refused it before the request existed
   * (Jetty 12 refuses a URI that escapes the root while creating the request, then answers 400
   * for a placeholder request whose method is {@code BAD}): {@link #serverAnswered} for the
   * request that arrived at {@code arrivalNanos} takes this method instead, on any thread.
   */
  public static void serverRefused(long arrivalNanos, String method) {
    if (arrivalNanos != 0 && method != null) {
      RefusedMethods.put(arrivalNanos, method);
    }
  }

  /**
   * A request the server answered without ever handing it to a handler (Jetty 12's answer to a
   * request it could not parse), completed now, outside any hook: recorded at once, {@code
   * unmatched}, timed from {@code startNanos} ({@code System.nanoTime()} when it arrived; 0:
   * unknown, timed from now). Nothing on a thread inside a request or a connector-level hook.
   */
  public static void serverAnswered(long startNanos, String method, int status) {
    String refused = startNanos == 0 ? null : RefusedMethods.take(startNanos);
    RequestState s = STATE.get();
    if (s.depth != 0 || s.serverPending) {
      return;
    }
    if (refused != null) {
      method = refused; // the method the client sent, which the server's answer no longer has
    }
    s.serverPending = true;
    s.serverStart = startNanos != 0 ? startNanos : System.nanoTime();
    serverEnd(s, method, status);
  }

  /**
   * {@link #start()} by a servlet container's hook, for a request of the web app at {@code
   * contextPath} ({@code ""}: the root): the request's templates are joined to it, once per pair
   * ({@link TemplateJoins}).
   */
  public static RequestState start(String contextPath) {
    RequestState s = start();
    if (s.depth == 1) {
      s.contextPath = contextPath;
    }
    return s;
  }

  /** The thread's state (route events read the context path routes are registered under). */
  static RequestState state() {
    return STATE.get();
  }

  /**
   * The thread's state, for a hook that makes several calls inside a request ({@link
   * #routeFound(RequestState, String, String)}, {@link #responseStatus(RequestState, int)}): one
   * thread-local read for all of them. Never null; a call with it outside a request is ignored.
   */
  public static RequestState current() {
    return STATE.get();
  }

  /**
   * A route lookup finished. The first lookup fixes the routed method; the first non-null
   * template wins (Spark looks up HEAD requests a second time as GET). From then on the request
   * counts as in progress on that route.
   */
  public static void routeFound(String routedMethod, String template) {
    routeFound(STATE.get(), routedMethod, template);
  }

  /**
   * {@link #routeFound(String, String)} for the request {@code s} (a reactive request's own
   * state, on whatever thread its route is matched); null: ignored.
   */
  public static void routeFound(RequestState s, String routedMethod, String template) {
    routeFound(s, routedMethod, template, s == null ? null : s.contextPath);
  }

  /** {@link #routeFound(RequestState, String, String)}, the template joined to {@code prefix}. */
  static void routeFound(RequestState s, String routedMethod, String template, String prefix) {
    if (s == null || s.depth == 0) {
      return; // a lookup outside request handling, or a request already in flight at attach
    }
    if (s.routedMethod == null) {
      s.routedMethod = routedMethod;
    }
    if (s.template == null && template != null) {
      template = TemplateJoins.join(prefix, template);
      s.template = template;
      HttpRecorder r = Recorders.get();
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
   * For a request that stopped before routing ({@link RequestState#noRouteLookup()}), the
   * framework's own lookup ({@link Settings}' {@link RouteFinder}) names the route it would have
   * matched. A routed request pays one field check.
   */
  public static void findLate(String framework, Object table, Object request, RequestState s) {
    if (s == null || !s.noRouteLookup()) {
      return;
    }
    RouteFinder finder = Settings.current().routeFinder;
    if (finder != null) {
      try {
        finder.find(framework, table, request, s);
      } catch (Throwable t) {
        RecorderFailure.report(t); // recorded as unmatched
      }
    }
  }

  /**
   * What a {@link RouteFinder} found ({@code template} null: no route). Not counted as in
   * progress: the request is already answered. Marks the lookup done either way, so enclosing
   * hooks do not repeat it.
   */
  public static void routeFoundLate(RequestState s, String routedMethod, String template) {
    routeFoundLate(s, routedMethod, template, s == null ? null : s.contextPath);
  }

  /** {@link #routeFoundLate(RequestState, String, String)}, the template joined to {@code prefix}. */
  public static void routeFoundLate(
      RequestState s, String routedMethod, String template, String prefix) {
    if (s != null && s.depth >= 1) { // any depth: a servlet container's hook may be outside
      s.routedMethod = routedMethod;
      s.template = TemplateJoins.join(prefix, template);
    }
  }

  /** The request was answered by a static file handler before any route lookup. */
  public static void staticResourceServed() {
    staticResourceServed(STATE.get());
  }

  /** {@link #staticResourceServed()} for the request {@code s}; null: ignored. */
  public static void staticResourceServed(RequestState s) {
    if (s != null && s.depth > 0 && s.template == null) {
      s.template = STATIC_RESOURCE;
    }
  }

  /**
   * The container's own name for the request (the servlet mapping pattern, the JDK context path),
   * used at its end only when no framework hook inside it looked a route up: a framework's
   * template is finer, and a framework that found no route makes the request {@code unmatched}.
   * Only the outermost hook's counts. A framework's own servlet's mapping is never used: such a
   * request is named by that framework's route finder at {@link #end}, else unmatched ({@link
   * ContainerServlets}). No pattern ({@code ""}: Tomcat with no servlet mapped) or
   * Jetty's {@code Default404Servlet} is unmatched; the container's default servlet names no
   * route (a file it serves is {@code static}, its errors {@code unmatched}, see {@link
   * ContainerServlets}). Joined to the web app's context path.
   *
   * @param servletName the servlet the pattern maps to, or null
   */
  public static void containerRouteFound(RequestState s, String pattern, String servletName) {
    if (s != null
        && s.depth == 1
        && pattern != null
        && !pattern.isEmpty()
        && (servletName == null || servletName.indexOf("$Default404Servlet") < 0)) {
      s.containerFramework = ContainerServlets.framework(s.contextPath, servletName);
      s.containerServlet =
          s.containerFramework != null
              ? ContainerServlets.FRAMEWORK
              : ContainerServlets.kind(pattern, servletName);
      s.containerTemplate =
          s.containerServlet == ContainerServlets.DEFAULT
              ? STATIC_RESOURCE
              : TemplateJoins.join(s.contextPath, pattern);
    }
  }

  /**
   * The framework is writing a response with this status (Jersey's responder), for a request
   * whose outermost hook (Jersey's own entry on Grizzly or the JDK server) has no response object
   * to read the status from at its exit.
   */
  public static void responseStatus(int status) {
    responseStatus(STATE.get(), status);
  }

  /** {@link #responseStatus(int)} for the thread's state {@code s} ({@link #current}). */
  public static void responseStatus(RequestState s, int status) {
    if (s != null && s.depth > 0) {
      s.status = status;
    }
  }

  /** {@link #end(RequestState, Object, Object, Class)} for a hook that never goes async. */
  public static void end(RequestState s, Object request, Object response) {
    end(s, request, response, null);
  }

  /**
   * Exit of a hooked request handler: the outermost records the request now, or, when it went
   * async ({@link RequestState#asyncStarted}), hands it to {@link AsyncHandOff} to be recorded
   * when its async context completes.
   *
   * @param s what {@link #start} returned (null if the entry advice failed or declined)
   * @param request the server's request object, for the size metrics (and the async hand-off)
   * @param response the server's response object, for the size metrics
   * @param asyncListenerType the container's {@code AsyncListener} interface; null: never async
   */
  public static void end(
      RequestState s, Object request, Object response, Class<?> asyncListenerType) {
    if (s == null || s.depth == 0) {
      return; // unbalanced (entered before attach)
    }
    if (s.depth == 1 && s.containerServlet == ContainerServlets.FRAMEWORK && !s.asyncStarted) {
      findLate(s.containerFramework, null, request, s); // reached a framework's servlet unrouted
    }
    if (--s.depth > 0) {
      return; // nested: the outermost call records
    }
    if (s.asyncStarted && asyncListenerType != null) {
      AsyncHandOff.suspend(s, asyncListenerType, request, response);
      s.reset();
      return;
    }
    CompletedRequest done = s.complete(System.nanoTime());
    s.reset();
    Recorders.record(done, request, response);
  }
}
