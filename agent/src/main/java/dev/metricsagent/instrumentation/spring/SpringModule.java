package dev.metricsagent.instrumentation.spring;

import dev.metricsagent.bridge.RouteFinder;
import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Spring MVC 6 and 7 (Spring Boot 3.5 and 4.0, jakarta servlets): the route is the pattern of the
 * handler the DispatcherServlet matched ({@code /owners/{ownerId}/pets/{petId}}, functional
 * routes alike); a request a filter answers before dispatch (Spring Security's 401) gets the
 * pattern it would have matched; Boot's static resource handler is {@code static} or unmatched,
 * never {@code /**}. Spring's filters and its servlet time the request when no outer hook does.
 * The route inventory comes from the handler mappings.
 *
 * <p>The advice classes reference Spring 6 types and are compiled for Java 17; this class and the
 * lister stay Java 8, so the agent still loads on Java 8 (where no Spring 6 type ever loads).
 */
public final class SpringModule implements InstrumentationModule {
  static final String DISPATCHER_SERVLET = "org.springframework.web.servlet.DispatcherServlet";
  static final String FRAMEWORK_SERVLET = "org.springframework.web.servlet.FrameworkServlet";
  static final String ONCE_PER_REQUEST_FILTER = "org.springframework.web.filter.OncePerRequestFilter";
  static final String DELEGATING_FILTER_PROXY =
      "org.springframework.web.filter.DelegatingFilterProxy";
  static final String RESOURCE_HANDLER =
      "org.springframework.web.servlet.resource.ResourceHttpRequestHandler";
  static final String HANDLER_METHOD_MAPPING =
      "org.springframework.web.servlet.handler.AbstractHandlerMethodMapping";
  static final String ROUTER_FUNCTION_MAPPING =
      "org.springframework.web.servlet.function.support.RouterFunctionMapping";

  static final String SERVLET_REQUEST = "jakarta.servlet.ServletRequest";
  static final String SERVLET_RESPONSE = "jakarta.servlet.ServletResponse";
  static final String HTTP_REQUEST = "jakarta.servlet.http.HttpServletRequest";
  static final String HTTP_RESPONSE = "jakarta.servlet.http.HttpServletResponse";

  static final String CHAIN = "org.springframework.web.servlet.HandlerExecutionChain";
  static final String HANDLER_MAPPING = "org.springframework.web.servlet.HandlerMapping";
  static final String NAME = "spring";

  private static final String STRING = "Ljava/lang/String;";
  private static final String OBJECT = "Ljava/lang/Object;";
  private static final String DISPATCHER_TYPE = "jakarta.servlet.DispatcherType";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Arrays.<TypeInstrumentation>asList(
        new DispatcherServletInstrumentation(),
        new FrameworkServletInstrumentation(),
        new FilterInstrumentation(ONCE_PER_REQUEST_FILTER, true),
        new FilterInstrumentation(DELEGATING_FILTER_PROXY, false),
        new ResourceHandlerInstrumentation(),
        new HandlerMappingInstrumentation(HANDLER_METHOD_MAPPING),
        new HandlerMappingInstrumentation(ROUTER_FUNCTION_MAPPING));
  }

  /**
   * Spring MVC's servlet: without it (a WebFlux app, whose spring-web has {@code
   * OncePerRequestFilter} too) the module is off, silently: not an unsupported version.
   */
  @Override
  public String requiredType() {
    return DISPATCHER_SERVLET;
  }

  @Override
  public List<Reference> references() {
    return Arrays.asList(
        Reference.type(HTTP_REQUEST),
        Reference.type(HTTP_RESPONSE),
        Reference.type(RESOURCE_HANDLER),
        Reference.field(DISPATCHER_TYPE, "ERROR", "Ljakarta/servlet/DispatcherType;"),
        Reference.field(DISPATCHER_TYPE, "REQUEST", "Ljakarta/servlet/DispatcherType;"),
        Reference.field(DISPATCHER_TYPE, "FORWARD", "Ljakarta/servlet/DispatcherType;"),
        Reference.field(DISPATCHER_TYPE, "INCLUDE", "Ljakarta/servlet/DispatcherType;"),
        Reference.method(SERVLET_REQUEST, "getDispatcherType", "()Ljakarta/servlet/DispatcherType;"),
        Reference.method(HTTP_REQUEST, "getDispatcherType", "()Ljakarta/servlet/DispatcherType;"),
        Reference.field(HANDLER_MAPPING, "BEST_MATCHING_PATTERN_ATTRIBUTE", STRING),
        Reference.method(HTTP_REQUEST, "getAttribute", "(" + STRING + ")" + OBJECT),
        Reference.method(HTTP_REQUEST, "getMethod", "()" + STRING),
        Reference.method(HTTP_REQUEST, "getHeader", "(" + STRING + ")" + STRING),
        Reference.method(HTTP_RESPONSE, "getStatus", "()I"),
        Reference.method(HTTP_RESPONSE, "isCommitted", "()Z"),
        Reference.method(CHAIN, "getHandler", "()" + OBJECT));
  }

  /** Its servlet's mapping is no route of its own: the module lists the real ones. */
  @Override
  public List<String> servedServlets() {
    return Arrays.asList("org.springframework.web.servlet.DispatcherServlet");
  }

  @Override
  public RouteLister routeLister() {
    return new SpringRouteLister();
  }

  @Override
  public RouteFinder routeFinder() {
    return new SpringRouteFinder();
  }
}
