package dev.metricsagent.instrumentation.vertx;

import dev.metricsagent.bridge.RouteFinder;
import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Vert.x Web 4.5 and 5 ({@code Router}, on Vert.x's own HTTP server): the route is the path of
 * the last route whose handler ran for the request ({@code /items/:id}; a regex route's regex;
 * a path-less route's mount point), under the templates of every sub-router's mount point
 * ({@code /api/items/:id}, {@code /users/:uid/orders/:oid}, never the raw path a parameterized
 * mount matched). Failure handlers do not rename: {@code ctx.fail(404)} in a route keeps it. A
 * wildcard or path-less route (middleware: an auth handler) that answers with an error keeps the
 * endpoint route it stood in front of ({@link VertxRouteFinder}); the router's own 404 is
 * {@code unmatched}, its 405 the route whose path matched; a {@code StaticHandler} that serves a
 * file is {@code static}. A request is timed from its routing context's creation to its
 * response's last write (or its connection's close), on whatever thread, counted once, seen by
 * the HTTP/1 server itself so an app's own response end handler changes nothing; its state
 * travels in the routing context's data and the request's Vert.x context ({@code
 * ContextLocals}). A request Vert.x could not decode is answered by the server alone: {@code
 * unmatched}. The route inventory comes from the
 * router when its server starts listening, or at the first request after an attach.
 *
 * <p>The hooked members are the same in Vert.x Web 4.5 and 5; the advice compiles against 4.5
 * (Java 8).
 */
public final class VertxModule implements InstrumentationModule {
  static final String NAME = "vertx";

  static final String ROUTER = "io.vertx.ext.web.Router";
  static final String ROUTING_CONTEXT = "io.vertx.ext.web.impl.RoutingContextImpl";
  static final String ROUTING_CONTEXT_WRAPPER = "io.vertx.ext.web.impl.RoutingContextWrapper";
  static final String ROUTE_STATE = "io.vertx.ext.web.impl.RouteState";
  static final String HTTP_SERVER = "io.vertx.core.http.impl.HttpServerImpl";
  static final String HTTP1_CONNECTION = "io.vertx.core.http.impl.Http1xServerConnection";

  private static final String CONTEXT = "io/vertx/ext/web/RoutingContext";
  private static final String CONTEXT_TYPE = "io.vertx.ext.web.RoutingContext";
  private static final String REQUEST = "io.vertx.core.http.HttpServerRequest";
  private static final String RESPONSE = "io.vertx.core.http.HttpServerResponse";
  private static final String HANDLER = "io.vertx.core.Handler";
  private static final String STRING = "Ljava/lang/String;";
  private static final String OBJECT = "Ljava/lang/Object;";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Arrays.<TypeInstrumentation>asList(
        new RoutingContextInstrumentation(),
        new RouteStateInstrumentation(),
        new RoutingContextWrapperInstrumentation(),
        new HttpServerInstrumentation(),
        new ServerConnectionInstrumentation());
  }

  /** Vert.x Web: without it (Vert.x core alone) the module is off, silently. */
  @Override
  public String requiredType() {
    return ROUTER;
  }

  @Override
  public List<Reference> references() {
    return Arrays.asList(
        Reference.type(HANDLER),
        Reference.type(RESPONSE),
        Reference.type(ROUTER),
        Reference.type("io.vertx.ext.web.handler.StaticHandler"),
        Reference.method(CONTEXT_TYPE, "put", "(" + STRING + OBJECT + ")L" + CONTEXT + ";"),
        Reference.method(CONTEXT_TYPE, "addEndHandler", "(L" + slashed(HANDLER) + ";)I"),
        Reference.method(CONTEXT_TYPE, "response", "()L" + slashed(RESPONSE) + ";"),
        Reference.method(CONTEXT_TYPE, "failed", "()Z"),
        Reference.method(CONTEXT_TYPE, "get", "(" + STRING + ")" + OBJECT),
        Reference.method(CONTEXT_TYPE, "mountPoint", "()" + STRING),
        Reference.method(CONTEXT_TYPE, "currentRoute", "()Lio/vertx/ext/web/Route;"),
        Reference.method("io.vertx.ext.web.Route", "getPath", "()" + STRING),
        Reference.method(REQUEST, "method", "()Lio/vertx/core/http/HttpMethod;"),
        Reference.method(REQUEST, "getHeader", "(" + STRING + ")" + STRING),
        Reference.method(REQUEST, "version", "()Lio/vertx/core/http/HttpVersion;"),
        Reference.method(REQUEST, "response", "()L" + slashed(RESPONSE) + ";"),
        Reference.method(RESPONSE, "getStatusCode", "()I"),
        Reference.method("io.vertx.core.Vertx", "currentContext", "()Lio/vertx/core/Context;"),
        Reference.field(
            "io.vertx.core.http.HttpVersion", "HTTP_2", "Lio/vertx/core/http/HttpVersion;"),
        Reference.field(
            HTTP1_CONNECTION, "responseInProgress", "Lio/vertx/core/http/impl/Http1xServerRequest;"),
        Reference.method("io.vertx.core.http.HttpMethod", "name", "()" + STRING),
        Reference.method(
            "io.vertx.core.http.HttpServer", "requestHandler", "()L" + slashed(HANDLER) + ";"),
        Reference.field(ROUTE_STATE, "path", STRING),
        Reference.field(ROUTE_STATE, "pattern", "Ljava/util/regex/Pattern;"),
        Reference.field(ROUTE_STATE, "exactPath", "Z"),
        Reference.field(ROUTE_STATE, "contextHandlers", "Ljava/util/List;"));
  }

  private static String slashed(String typeName) {
    return typeName.replace('.', '/');
  }

  @Override
  public RouteLister routeLister() {
    return new VertxRouteLister();
  }

  @Override
  public RouteFinder routeFinder() {
    return new VertxRouteFinder();
  }

  /** Whether {@code o} is a Vert.x Web router (its class, or a superclass, implements it). */
  static boolean isRouter(Object o) {
    for (Class<?> c = o == null ? null : o.getClass(); c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        if (i.getName().equals(ROUTER)) {
          return true;
        }
      }
    }
    return false;
  }
}
