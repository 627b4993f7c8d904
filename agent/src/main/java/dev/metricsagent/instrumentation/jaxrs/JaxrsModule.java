package dev.metricsagent.instrumentation.jaxrs;

import dev.metricsagent.bridge.RouteFinder;
import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * JAX-RS on Jersey 2.x (javax), 3.0, 3.1 and 4.0 (jakarta): the advice names only Jersey's own
 * types, whose members are the same in each line. {@code ApplicationHandler.handle}, the entry of every
 * Jersey container, times the request (nested under the servlet container's hook where there is
 * one); the responder, writing the response the client gets, names it with the matched resource
 * templates joined as one path ({@code /items/{itemid}/tracks/{num}}, regex variables verbatim) and gives its status.
 * The route inventory comes from the resource model.
 *
 * <p>The advice classes reference Jersey types (Java 11/17 class files) and are compiled for
 * Java 17; this class and the lister stay Java 8.
 */
public final class JaxrsModule implements InstrumentationModule {
  static final String APPLICATION_HANDLER = "org.glassfish.jersey.server.ApplicationHandler";
  static final String RESPONDER = "org.glassfish.jersey.server.ServerRuntime$Responder";

  static final String REQUEST = "org.glassfish.jersey.server.ContainerRequest";
  static final String RESPONSE = "org.glassfish.jersey.server.ContainerResponse";

  private static final String STRING = "Ljava/lang/String;";
  private static final String RESOURCE_METHOD = "org.glassfish.jersey.server.model.ResourceMethod";
  private static final String URI_INFO = "org.glassfish.jersey.server.ExtendedUriInfo";

  static final String NAME = "jaxrs";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Arrays.<TypeInstrumentation>asList(
        new ApplicationHandlerInstrumentation(), new ResponderInstrumentation());
  }

  @Override
  public List<Reference> references() {
    return Arrays.asList(
        Reference.method(REQUEST, "getMethod", "()" + STRING),
        Reference.method(REQUEST, "getHeaderString", "(" + STRING + ")" + STRING),
        Reference.method(REQUEST, "getUriInfo", "()Lorg/glassfish/jersey/server/ExtendedUriInfo;"),
        Reference.method(RESPONSE, "getRequestContext", "()Lorg/glassfish/jersey/server/ContainerRequest;"),
        Reference.method(RESPONSE, "getStatus", "()I"),
        Reference.method(
            URI_INFO,
            "getMatchedResourceMethod",
            "()Lorg/glassfish/jersey/server/model/ResourceMethod;"),
        Reference.method(URI_INFO, "getMatchedTemplates", "()Ljava/util/List;"),
        Reference.method(URI_INFO, "getMatchedResourceLocators", "()Ljava/util/List;"),
        Reference.method(RESOURCE_METHOD, "isExtended", "()Z"),
        Reference.method(RESOURCE_METHOD, "getHttpMethod", "()" + STRING),
        Reference.type("org.glassfish.jersey.uri.UriTemplate"),
        Reference.method("org.glassfish.jersey.uri.UriTemplate", "getTemplate", "()" + STRING));
  }

  /** Its servlet's mapping is no route of its own: the module lists the real ones. */
  @Override
  public List<String> servedServlets() {
    return Arrays.asList("org.glassfish.jersey.servlet.ServletContainer");
  }

  @Override
  public RouteFinder routeFinder() {
    return new JerseyRouteFinder();
  }

  @Override
  public RouteLister routeLister() {
    return new JerseyRouteLister();
  }
}
