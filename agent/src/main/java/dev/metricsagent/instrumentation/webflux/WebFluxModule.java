package dev.metricsagent.instrumentation.webflux;

import dev.metricsagent.bridge.RouteFinder;
import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import dev.metricsagent.instrumentation.spring.HandlerMappingInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Spring WebFlux 6 and 7 (Spring Boot 3.5 and 4.0, on Reactor Netty): the route is the pattern of
 * the handler that matched ({@code /items/{id}}, annotated controllers and functional routes
 * alike, as Spring reports it to its own observation), joined to the app's base path; a request a
 * {@code WebFilter} answered before routing (a 401) gets the pattern it would have matched; the
 * static resource handler is {@code static} or unmatched, never {@code /**}. A request is timed
 * from the creation of its exchange to the end of its handling (the response written, failed or
 * cancelled), on whatever thread that is; its state travels with the exchange ({@code
 * ReactiveRequests}). Inside a servlet container's request (WebFlux on Tomcat) the container's
 * hook times it and this module names it: by its match, or by the late lookup when its async
 * context completes. The route inventory comes from the handler mappings at start-up.
 *
 * <p>The advice classes reference Spring 6 types and are compiled for Java 17; this class, the
 * lister and the finder stay Java 8.
 */
public final class WebFluxModule implements InstrumentationModule {
  static final String NAME = "webflux";

  static final String WEB_HANDLER_ADAPTER =
      "org.springframework.web.server.adapter.HttpWebHandlerAdapter";
  static final String SIGNAL_LISTENER = WEB_HANDLER_ADAPTER + "$ObservationSignalListener";
  static final String OBSERVATION_CONTEXT =
      "org.springframework.http.server.reactive.observation.ServerRequestObservationContext";
  static final String HANDLER_METHOD_MAPPING =
      "org.springframework.web.reactive.result.method.AbstractHandlerMethodMapping";
  static final String ROUTER_FUNCTION_MAPPING =
      "org.springframework.web.reactive.function.server.support.RouterFunctionMapping";
  static final String HANDLER_MAPPING = "org.springframework.web.reactive.HandlerMapping";
  static final String RESOURCE_HANDLER =
      "org.springframework.web.reactive.resource.ResourceWebHandler";

  private static final String EXCHANGE = "org.springframework.web.server.ServerWebExchange";
  private static final String REQUEST =
      "org.springframework.http.server.reactive.ServerHttpRequest";
  private static final String RESPONSE =
      "org.springframework.http.server.reactive.ServerHttpResponse";
  private static final String HTTP_METHOD = "org.springframework.http.HttpMethod";
  private static final String STATUS = "org.springframework.http.HttpStatusCode";
  private static final String HEADERS = "org.springframework.http.HttpHeaders";
  private static final String REQUEST_PATH = "org.springframework.http.server.RequestPath";
  private static final String PATH = "org.springframework.http.server.PathContainer";
  private static final String STRING = "Ljava/lang/String;";
  private static final String OBJECT = "Ljava/lang/Object;";
  private static final String MAP = "Ljava/util/Map;";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Arrays.<TypeInstrumentation>asList(
        new WebHandlerAdapterInstrumentation(),
        new ObservationContextInstrumentation(),
        new SignalListenerInstrumentation(),
        new ContextPathHandlerInstrumentation(),
        new HandlerMappingInstrumentation(HANDLER_METHOD_MAPPING),
        new HandlerMappingInstrumentation(ROUTER_FUNCTION_MAPPING));
  }

  /** WebFlux's dispatcher: without it (spring-web without WebFlux) the module is off, silently. */
  @Override
  public String requiredType() {
    return "org.springframework.web.reactive.DispatcherHandler";
  }

  @Override
  public List<Reference> references() {
    return Arrays.asList(
        Reference.type(RESOURCE_HANDLER),
        Reference.field(HANDLER_MAPPING, "BEST_MATCHING_HANDLER_ATTRIBUTE", STRING),
        Reference.method(EXCHANGE, "getRequest", "()L" + slashed(REQUEST) + ";"),
        Reference.method(EXCHANGE, "getAttributes", "()" + MAP),
        Reference.method(REQUEST, "getPath", "()L" + slashed(REQUEST_PATH) + ";"),
        Reference.method(REQUEST_PATH, "contextPath", "()L" + slashed(PATH) + ";"),
        Reference.method(PATH, "value", "()" + STRING),
        Reference.type(REQUEST),
        Reference.type(RESPONSE),
        Reference.field(
            SIGNAL_LISTENER, "observationContext", "L" + slashed(OBSERVATION_CONTEXT) + ";"),
        Reference.method(REQUEST, "getMethod", "()L" + slashed(HTTP_METHOD) + ";"),
        Reference.method(HTTP_METHOD, "name", "()" + STRING),
        Reference.method(REQUEST, "getHeaders", "()L" + slashed(HEADERS) + ";"),
        Reference.method(HEADERS, "getFirst", "(" + STRING + ")" + STRING),
        Reference.method(OBSERVATION_CONTEXT, "getAttributes", "()" + MAP),
        Reference.method(OBSERVATION_CONTEXT, "getCarrier", "()" + OBJECT),
        Reference.method(OBSERVATION_CONTEXT, "getResponse", "()" + OBJECT),
        Reference.method(RESPONSE, "getStatusCode", "()L" + slashed(STATUS) + ";"),
        Reference.method(STATUS, "value", "()I"));
  }

  private static String slashed(String typeName) {
    return typeName.replace('.', '/');
  }

  /**
   * WebFlux's servlets on a servlet container (Boot registers the Tomcat or Jetty one): their
   * mapping is no route of its own.
   */
  @Override
  public List<String> servedServlets() {
    return Arrays.asList(
        "org.springframework.http.server.reactive.ServletHttpHandlerAdapter",
        "org.springframework.http.server.reactive.TomcatHttpHandlerAdapter",
        "org.springframework.http.server.reactive.JettyHttpHandlerAdapter");
  }

  @Override
  public RouteLister routeLister() {
    return new WebFluxRouteLister();
  }

  @Override
  public RouteFinder routeFinder() {
    return new WebFluxRouteFinder();
  }
}
