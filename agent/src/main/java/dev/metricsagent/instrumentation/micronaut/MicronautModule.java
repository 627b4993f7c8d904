package dev.metricsagent.instrumentation.micronaut;

import dev.metricsagent.bridge.RouteFinder;
import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Micronaut 4 on its Netty server: the route is the URI template of the route Micronaut matched
 * ({@code /users/{id}}, as it sets {@code BasicHttpAttributes.getUriTemplate}, which Micronaut's
 * own Micrometer filter reads); a request no route matched is named by {@link
 * MicronautRouteFinder} at its end (a 405: the route whose path matched; a pre-matching filter's
 * answer: the route it stood in front of); a static file is {@code static}. A server filter that
 * rejects runs after routing in Micronaut 4, so the request keeps its route. A request is timed
 * from the start of Micronaut's handling to the response's last part being written (or dropped:
 * the connection closed), on whatever thread that is, with the status written; its state travels
 * as a request attribute ({@code ReactiveRequests}). The route inventory comes from the router
 * when it is built, after an attach at the first request's end.
 *
 * <p>The advice classes reference Micronaut 4 types and are compiled for Java 17; this class, the
 * lister and the finder stay Java 8.
 */
public final class MicronautModule implements InstrumentationModule {
  static final String NAME = "micronaut";

  static final String ROUTER = "io.micronaut.web.router.Router";
  static final String LIFECYCLE = "io.micronaut.http.server.netty.NettyRequestLifecycle";
  static final String ROUTING_HANDLER = "io.micronaut.http.server.netty.RoutingInBoundHandler";
  static final String ROUTE_EXECUTOR = "io.micronaut.http.server.RouteExecutor";
  static final String HTTP1_OUTBOUND =
      "io.micronaut.http.server.netty.handler.PipeliningServerHandler$OutboundAccessImpl";
  static final String HTTP2_OUTBOUND =
      "io.micronaut.http.server.netty.handler.MultiplexedServerHandler$MultiplexedStream";
  static final String NETTY_REQUEST = "io.micronaut.http.server.netty.NettyHttpRequest";
  static final String HTTP_REQUEST = "io.micronaut.http.HttpRequest";

  private static final String VALUES = "io.micronaut.core.convert.value.MutableConvertibleValues";
  private static final String HEADERS = "io.micronaut.http.HttpHeaders";
  private static final String ROUTE_MATCH = "io.micronaut.web.router.UriRouteMatch";
  private static final String ROUTE_INFO = "io.micronaut.web.router.UriRouteInfo";
  private static final String TEMPLATE = "io.micronaut.http.uri.UriMatchTemplate";
  private static final String NETTY_RESPONSE = "io.netty.handler.codec.http.HttpResponse";
  private static final String NETTY_STATUS = "io.netty.handler.codec.http.HttpResponseStatus";
  private static final String STRING = "Ljava/lang/String;";
  private static final String OBJECT = "Ljava/lang/Object;";
  private static final String CHARS = "Ljava/lang/CharSequence;";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Arrays.<TypeInstrumentation>asList(
        new RequestLifecycleInstrumentation(),
        new RouteExecutorInstrumentation(),
        new OutboundAccessInstrumentation(HTTP1_OUTBOUND),
        new OutboundAccessInstrumentation(HTTP2_OUTBOUND),
        new RoutingHandlerInstrumentation(),
        new RouterInstrumentation());
  }

  @Override
  public List<Reference> references() {
    return Arrays.asList(
        Reference.type(NETTY_REQUEST),
        Reference.method(NETTY_REQUEST, "getAttributes", "()L" + slashed(VALUES) + ";"),
        Reference.method(NETTY_REQUEST, "getMethodName", "()" + STRING),
        Reference.method(NETTY_REQUEST, "getHeaders", "()L" + slashed(HEADERS) + ";"),
        Reference.method(HEADERS, "get", "(" + CHARS + ")" + OBJECT),
        Reference.method(VALUES, "getValue", "(" + CHARS + ")" + OBJECT),
        Reference.method(VALUES, "put", "(" + CHARS + OBJECT + ")L" + slashed(VALUES) + ";"),
        Reference.method(HTTP_REQUEST, "getAttributes", "()L" + slashed(VALUES) + ";"),
        Reference.method(HTTP_REQUEST, "getMethodName", "()" + STRING),
        Reference.method(ROUTE_MATCH, "getRouteInfo", "()L" + slashed(ROUTE_INFO) + ";"),
        Reference.method(ROUTE_INFO, "getUriMatchTemplate", "()L" + slashed(TEMPLATE) + ";"),
        Reference.method(TEMPLATE, "toString", "()" + STRING),
        Reference.method(NETTY_RESPONSE, "status", "()L" + slashed(NETTY_STATUS) + ";"),
        Reference.method(NETTY_STATUS, "code", "()I"),
        Reference.method(
            "io.micronaut.http.body.ByteBody", "expectedLength", "()Ljava/util/OptionalLong;"),
        Reference.field(HTTP1_OUTBOUND, "attachment", OBJECT),
        Reference.field(HTTP2_OUTBOUND, "attachment", OBJECT),
        Reference.field(ROUTING_HANDLER, "routeExecutor", "L" + slashed(ROUTE_EXECUTOR) + ";"),
        Reference.method(ROUTE_EXECUTOR, "getRouter", "()L" + slashed(ROUTER) + ";"));
  }

  private static String slashed(String typeName) {
    return typeName.replace('.', '/');
  }

  @Override
  public RouteLister routeLister() {
    return new MicronautRouteLister();
  }

  @Override
  public RouteFinder routeFinder() {
    return new MicronautRouteFinder();
  }
}
