package dev.metricsagent.instrumentation.spring;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeAdvice;
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

  private static final String STRING = "Ljava/lang/String;";
  private static final String OBJECT = "Ljava/lang/Object;";
  private static final String DISPATCHER_TYPE = "jakarta.servlet.DispatcherType";
  private static final String CHAIN = "org.springframework.web.servlet.HandlerExecutionChain";
  private static final String HANDLER_MAPPING = "org.springframework.web.servlet.HandlerMapping";

  @Override
  public String name() {
    return "spring";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Arrays.<TypeInstrumentation>asList(
        new Hook(DISPATCHER_SERVLET) {
          @Override
          public void advise(TypeAdvice advice) {
            advice.required(
                named("getHandler")
                    .and(takesArguments(1))
                    .and(takesArgument(0, named(HTTP_REQUEST)))
                    .and(returnsChain()),
                DispatcherGetHandlerAdvice.class,
                "HandlerExecutionChain getHandler(HttpServletRequest)");
          }
        },
        new Hook(FRAMEWORK_SERVLET) {
          @Override
          public void advise(TypeAdvice advice) {
            advice.required(
                named("service")
                    .and(takesArguments(2))
                    .and(takesArgument(0, named(HTTP_REQUEST)))
                    .and(takesArgument(1, named(HTTP_RESPONSE))),
                SpringEntryAdvice.class,
                "service(HttpServletRequest, HttpServletResponse)");
          }
        },
        new Hook(ONCE_PER_REQUEST_FILTER) {
          @Override
          public void advise(TypeAdvice advice) {
            advice.required(filterDoFilter(), SpringEntryAdvice.class, "doFilter(...)");
          }
        },
        new Hook(DELEGATING_FILTER_PROXY) {
          @Override
          public void advise(TypeAdvice advice) {
            advice.optional(filterDoFilter(), SpringEntryAdvice.class);
          }
        },
        new Hook(RESOURCE_HANDLER) {
          @Override
          public void advise(TypeAdvice advice) {
            advice.optional(
                named("handleRequest")
                    .and(isPublic())
                    .and(takesArguments(2))
                    .and(takesArgument(0, named(HTTP_REQUEST)))
                    .and(takesArgument(1, named(HTTP_RESPONSE))),
                ResourceHandlerAdvice.class);
          }
        },
        new Hook(HANDLER_METHOD_MAPPING) {
          @Override
          public void advise(TypeAdvice advice) {
            advice.optional(
                named("afterPropertiesSet").and(takesArguments(0)), RouteTableAdvice.class);
          }
        },
        new Hook(ROUTER_FUNCTION_MAPPING) {
          @Override
          public void advise(TypeAdvice advice) {
            advice.optional(
                named("afterPropertiesSet").and(takesArguments(0)), RouteTableAdvice.class);
          }
        });
  }

  private static net.bytebuddy.matcher.ElementMatcher.Junction<
          net.bytebuddy.description.method.MethodDescription>
      returnsChain() {
    return net.bytebuddy.matcher.ElementMatchers.returns(named(CHAIN));
  }

  private static net.bytebuddy.matcher.ElementMatcher.Junction<
          net.bytebuddy.description.method.MethodDescription>
      filterDoFilter() {
    return named("doFilter")
        .and(isPublic())
        .and(takesArguments(3))
        .and(takesArgument(0, named(SERVLET_REQUEST)))
        .and(takesArgument(1, named(SERVLET_RESPONSE)));
  }

  @Override
  public List<Reference> references() {
    String ctx = "Ljakarta/servlet/ServletContext;";
    return Arrays.asList(
        Reference.type(HTTP_REQUEST),
        Reference.type(HTTP_RESPONSE),
        Reference.type(RESOURCE_HANDLER),
        Reference.type(HANDLER_MAPPING),
        Reference.field(DISPATCHER_TYPE, "ERROR", "Ljakarta/servlet/DispatcherType;"),
        Reference.field(DISPATCHER_TYPE, "REQUEST", "Ljakarta/servlet/DispatcherType;"),
        Reference.field(DISPATCHER_TYPE, "FORWARD", "Ljakarta/servlet/DispatcherType;"),
        Reference.field(DISPATCHER_TYPE, "INCLUDE", "Ljakarta/servlet/DispatcherType;"),
        Reference.method(SERVLET_REQUEST, "getDispatcherType", "()Ljakarta/servlet/DispatcherType;"),
        Reference.method(HTTP_REQUEST, "getDispatcherType", "()Ljakarta/servlet/DispatcherType;"),
        Reference.field(HANDLER_MAPPING, "BEST_MATCHING_PATTERN_ATTRIBUTE", STRING),
        Reference.method(HTTP_REQUEST, "getAttribute", "(" + STRING + ")" + OBJECT),
        Reference.method(HTTP_REQUEST, "getAttributeNames", "()Ljava/util/Enumeration;"),
        Reference.method(HTTP_REQUEST, "removeAttribute", "(" + STRING + ")V"),
        Reference.method(HTTP_REQUEST, "getMethod", "()" + STRING),
        Reference.method(HTTP_REQUEST, "getHeader", "(" + STRING + ")" + STRING),
        Reference.method(HTTP_REQUEST, "getServletContext", "()" + ctx),
        Reference.method(
            HTTP_REQUEST, "getHttpServletMapping", "()Ljakarta/servlet/http/HttpServletMapping;"),
        Reference.method("jakarta.servlet.http.HttpServletMapping", "getServletName", "()" + STRING),
        Reference.method(
            "jakarta.servlet.ServletContext",
            "getServletRegistration",
            "(" + STRING + ")Ljakarta/servlet/ServletRegistration;"),
        Reference.method("jakarta.servlet.ServletRegistration", "getClassName", "()" + STRING),
        Reference.method(HTTP_RESPONSE, "getStatus", "()I"),
        Reference.method(HTTP_RESPONSE, "isCommitted", "()Z"),
        Reference.method(CHAIN, "getHandler", "()" + OBJECT),
        Reference.method(
            HANDLER_MAPPING,
            "getHandler",
            "(Ljakarta/servlet/http/HttpServletRequest;)Lorg/springframework/web/servlet/HandlerExecutionChain;"),
        Reference.method(
            "org.springframework.web.context.support.WebApplicationContextUtils",
            "getWebApplicationContext",
            "(" + ctx + ")Lorg/springframework/web/context/WebApplicationContext;"),
        Reference.method(
            "org.springframework.beans.factory.BeanFactoryUtils",
            "beansOfTypeIncludingAncestors",
            "(Lorg/springframework/beans/factory/ListableBeanFactory;Ljava/lang/Class;ZZ)Ljava/util/Map;"),
        Reference.method(
            "org.springframework.core.annotation.AnnotationAwareOrderComparator",
            "sort",
            "(Ljava/util/List;)V"),
        Reference.method(
            "org.springframework.web.util.ServletRequestPathUtils",
            "hasParsedRequestPath",
            "(Ljakarta/servlet/ServletRequest;)Z"),
        Reference.method(
            "org.springframework.web.util.ServletRequestPathUtils",
            "parseAndCache",
            "(Ljakarta/servlet/http/HttpServletRequest;)Lorg/springframework/http/server/RequestPath;"));
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

  /** One hooked type, named exactly. */
  private abstract static class Hook implements TypeInstrumentation {
    private final String typeName;

    Hook(String typeName) {
      this.typeName = typeName;
    }

    @Override
    public String typeName() {
      return typeName;
    }
  }
}
