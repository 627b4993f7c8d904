package dev.metricsagent.bridge;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A reactive request (Spring WebFlux, Vert.x Web): its handling hops threads (the event loop, a scheduler's
 * thread after a {@code Mono.delay}), so its state travels with the request, as an attribute of
 * the framework's exchange, instead of with a thread. Started when the exchange is created,
 * named when a handler mapping matches, recorded once when its response completes, fails or is
 * cancelled (the client went away), on whatever thread that is.
 *
 * <pre>{@code
 * RequestState s = ReactiveRequests.start(exchange, "GET", "", null);  // exchange created
 * exchange.getAttributes().put(ReactiveRequests.ATTRIBUTE, s);
 * ReactiveRequests.routeFound(s, "GET", "/items/{id}");                 // a mapping matched
 * ReactiveRequests.end(s, "webflux", 200, null);                       // response complete
 * }</pre>
 *
 * <p>Each request allocates its state (one object, ~100 bytes; it is recorded through the ending
 * thread's reused {@link CompletedRequest}); nothing wraps the framework's publishers.
 */
public final class ReactiveRequests {
  /** The exchange attribute that holds the request's {@link RequestState}. */
  public static final String ATTRIBUTE = "dev.metricsagent.request";

  /**
   * The request attribute that holds its response body's length as the server knew it when it
   * wrote it (Micronaut: an {@code OptionalLong}), with {@code sizes=true}.
   */
  public static final String RESPONSE_BYTES = "dev.metricsagent.responseBytes";

  private static final AtomicIntegerFieldUpdater<RequestState> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(RequestState.class, "ended");

  private ReactiveRequests() {}

  /**
   * A reactive request starts: its own state, timed from now; or null when this thread is inside
   * a request a servlet container's hook times already (WebFlux on Tomcat: that hook records it
   * when its async context completes, and WebFlux only names it, through the thread's state,
   * which keeps the exchange until the hook ends: a request no route named is looked up with it
   * when its async context completes, see {@link AsyncRequest}).
   *
   * @param exchange the framework's exchange, for a late route lookup at the end
   * @param contextPath the app's base path ({@code ""}: none), joined to its templates
   */
  public static RequestState start(
      Object exchange, String method, String contextPath, String traceparent) {
    RequestState t = Requests.state();
    if (t.depth > 0) {
      t.exchange = exchange;
      return null;
    }
    RequestState s = RequestState.reactive();
    s.depth = 1;
    s.start = System.nanoTime();
    s.requestMethod = method;
    s.contextPath = contextPath;
    s.traceparent = traceparent;
    s.exchange = exchange;
    return s;
  }

  /**
   * A request the server's adapter answered before WebFlux took it (Boot's base path handler:
   * a path outside {@code spring.webflux.base-path} is its 404): recorded now, {@code
   * unmatched}, timed from {@code start} to its answer being set (its write follows at once).
   */
  public static void answeredUnrouted(long start, String method, int status) {
    RequestState t = Requests.state();
    if (t.depth > 0) {
      return; // on a servlet container: its hook records it
    }
    RequestState s = RequestState.reactive();
    s.depth = 1;
    s.start = start;
    s.routedMethod = method; // looked up: no route
    s.answered(method, status, true, null);
    CompletedRequest done = s.complete(t.completed, System.nanoTime());
    s.depth = 0;
    Recorders.record(done, null, null);
  }

  /** The request's state in {@code attribute} (the exchange attribute's value), or null. */
  public static RequestState of(Object attribute) {
    return attribute instanceof RequestState ? (RequestState) attribute : null;
  }

  /**
   * A handler mapping matched {@code template}: names {@code s}, or, without one (on a servlet
   * container), the thread's request, under {@code contextPath}, the request's context path as
   * WebFlux sees it (the servlet context's and the base path).
   */
  public static void routeFound(
      RequestState s, String method, String template, String contextPath) {
    if (s != null) {
      Requests.routeFound(s, method, template);
    } else {
      Requests.routeFound(Requests.state(), method, template, contextPath);
    }
  }

  /**
   * A route's handler runs for {@code s} (Vert.x: each route a request passes, in order, the
   * middleware of path-less and wildcard routes first, the endpoint last): the innermost so far
   * names it, replacing the one before, and the request counts in progress there instead (not
   * on a prefix route: middleware gets no series unless it answers). A {@code prefix} route
   * (path-less, wildcard) that answers with an error is named at the end by the route it stood
   * in front of, if any ({@link #end}). Ignored once the request ended.
   */
  public static void routeEntered(RequestState s, String template, boolean prefix) {
    if (s == null || s.depth == 0) {
      return;
    }
    if (template == null || !template.equals(s.template)) {
      leave(s);
      s.template = null;
      if (prefix) { // middleware most often: no series of its own unless it answers
        s.template = TemplateJoins.join(s.contextPath, template);
        s.routedMethod = s.routedMethod == null ? s.requestMethod : s.routedMethod;
      } else {
        Requests.routeFound(s, s.requestMethod, template);
      }
    }
    s.prefixRoute = prefix;
  }

  /**
   * {@link #routeEntered} for a name a nested one may replace before the request is answered (a
   * Quarkus REST sub-resource locator's method, then its sub-resource's): no series and no
   * in-progress count until the request ends with it.
   */
  public static void routeNamed(RequestState s, String template) {
    if (s != null && s.depth != 0) {
      leave(s);
      s.template = TemplateJoins.join(s.contextPath, template);
      s.routedMethod = s.routedMethod == null ? s.requestMethod : s.routedMethod;
      s.prefixRoute = false;
    }
  }

  /** {@link #routeEntered} for a static file handler's route: {@code static} if it serves one. */
  public static void staticEntered(RequestState s) {
    if (s != null && s.depth != 0) {
      leave(s);
      s.template = null;
      s.prefixRoute = false;
      Requests.staticResourceServed(s);
    }
  }

  /**
   * The router found no route to go on with and answers {@code s} itself (Vert.x: a 404, or a
   * 405 or 415 for a path some route matched with another method or body): no longer named by
   * the middleware it went through; at the end a 404 is {@code unmatched}, anything else named by
   * the module's {@link RouteFinder}.
   */
  public static void noRouteMatched(RequestState s) {
    if (s != null && s.depth != 0) {
      leave(s);
      s.template = null;
      s.routedMethod = null;
      s.prefixRoute = false;
    }
  }

  /**
   * The request failed with {@code t} (Vert.x: a handler threw, or {@code ctx.fail(t)}): its
   * class names the {@code exception} label, the first one kept, whatever answers it then.
   */
  public static void failed(RequestState s, Throwable t) {
    if (s != null && s.depth != 0) {
      s.failed(t);
    }
  }

  /** The request no longer counts in progress on the route it was named by. */
  private static void leave(RequestState s) {
    Object route = s.route;
    s.route = null;
    HttpRecorder r = route == null ? null : Recorders.get();
    if (r != null) {
      try {
        r.routeLeft(route);
      } catch (Throwable t) {
        RecorderFailure.report(t);
      }
    }
  }

  /** The static resource handler matched: {@code static} if it serves a file (see {@link #end}). */
  public static void staticResource(RequestState s) {
    if (s != null) {
      Requests.staticResourceServed(s);
    } else {
      Requests.staticResourceServed();
    }
  }

  /**
   * The response completed, failed or was cancelled: records the request once (a second signal,
   * a cancel racing the completion, is ignored), with {@code status}, the status the response
   * has (200 unless the app set another). A request no mapping named and that is no plain 404
   * (a filter's 401 before routing, a 405) is named by the module's {@link RouteFinder}; so is
   * one a prefix route answered with an error ({@link #routeEntered}), if the finder finds the
   * route it stood in front of.
   */
  public static void end(RequestState s, String framework, int status, Throwable thrown) {
    if (s == null || !ENDED.compareAndSet(s, 0, 1)) {
      return;
    }
    Object exchange = s.exchange; // its sizes, if read
    s.answered(s.requestMethod, status, true, thrown);
    if (s.prefixRoute && status >= 400) {
      leave(s);
      findRoute(framework, null, s.exchange, s);
    } else if (s.template == null && status != 404) {
      Requests.findLate(framework, null, s.exchange, s);
    }
    s.exchange = null;
    CompletedRequest done = s.complete(Requests.state().completed, System.nanoTime());
    s.depth = 0;
    Recorders.record(done, exchange, exchange);
  }

  /**
   * The server is writing the response with {@code status} (Micronaut: its outbound access, on
   * whatever thread answers): the status {@link #endWritten} records.
   */
  public static void responseStatus(RequestState s, int status) {
    if (s != null) {
      s.status = status;
    }
  }

  /**
   * The server wrote the response's last part, or dropped it as the connection closed (Micronaut;
   * its request, kept as the state's exchange, is the lookup's): {@link #end} with the status
   * written ({@link #responseStatus}; none: 500). A request no route named that is no plain 404
   * is looked up first in {@code table}, the framework's router, by the module's {@link
   * RouteFinder}.
   */
  public static void endWritten(RequestState s, String framework, Object table) {
    if (s == null) {
      return;
    }
    if (s.template == null && s.status != 404 && s.ended == 0) {
      Requests.findLate(framework, table, s.exchange, s);
    }
    end(s, framework, s.status > 0 ? s.status : 500, null);
  }

  /**
   * The module's {@link RouteFinder} on a request in flight that is named already: it renames it
   * only if it finds a route (a middleware route's refusal: the route it stood in front of; a
   * framework's own 405: the route whose path matched, looked up in {@code table}).
   */
  public static void findRoute(String framework, Object table, Object request, RequestState s) {
    RouteFinder finder = s == null || s.depth == 0 ? null : Settings.current().routeFinder;
    if (finder != null) {
      try {
        finder.find(framework, table, request, s);
      } catch (Throwable t) {
        RecorderFailure.report(t); // keeps the name it had
      }
    }
  }
}
