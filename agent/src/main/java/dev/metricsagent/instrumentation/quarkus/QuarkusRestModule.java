package dev.metricsagent.instrumentation.quarkus;

import dev.metricsagent.bridge.RouteFinder;
import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Quarkus REST (RESTEasy Reactive) on Vert.x Web, in JVM mode: Quarkus serves its resources from
 * one wildcard route of its Vert.x router, which the Vert.x module times and would name {@code
 * /*}; this module names the request by the resource method RESTEasy chose, the innermost
 * template winning: the deployment's path, the class path and the method path joined ({@code
 * /items/{id}}), a sub-resource locator's path before its sub-resource's ({@code
 * /albums/{albumId}/tracks/{num}}). It names the request as soon as the method is chosen, before
 * filters, security and the method run, so a request they refuse (401) or a method's own 404
 * ({@code NotFoundException}) keeps it, and an {@code ExceptionMapper}'s status is the status
 * counted; RESTEasy's 405 is named by the resource method whose path matched
 * ({@link QuarkusRestRouteFinder}). The request is counted once, by the Vert.x module, and in
 * progress on its resource method. The deployment's resource methods are listed into the route
 * inventory as Quarkus starts ({@link QuarkusRestRouteLister}).
 *
 * <p>The advice references RESTEasy Reactive 3 types and is compiled for Java 17; this class
 * stays Java 8.
 */
public final class QuarkusRestModule implements InstrumentationModule {
  static final String NAME = "quarkus-rest";

  static final String CLASS_ROUTING =
      "org.jboss.resteasy.reactive.server.handlers.ClassRoutingHandler";
  static final String DEPLOYMENT = "org.jboss.resteasy.reactive.server.core.Deployment";
  static final String LOCATOR_HANDLER =
      "org.jboss.resteasy.reactive.server.handlers.ResourceLocatorHandler";
  static final String REQUEST_MAPPER = "org.jboss.resteasy.reactive.server.mapping.RequestMapper";
  static final String RECORDER =
      "io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder";
  static final String REQUEST_CONTEXT =
      "org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext";
  private static final String RESOURCE =
      "org.jboss.resteasy.reactive.server.mapping.RuntimeResource";
  private static final String TEMPLATE = "org/jboss/resteasy/reactive/server/mapping/URITemplate";
  private static final String CONTEXT = "io.vertx.ext.web.RoutingContext";
  private static final String STRING = "Ljava/lang/String;";
  private static final String OBJECT = "Ljava/lang/Object;";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Arrays.<TypeInstrumentation>asList(
        new RequestContextInstrumentation(),
        new ClassRoutingInstrumentation(),
        new DeploymentInstrumentation());
  }

  /** RESTEasy Reactive on Vert.x: without it (another RESTEasy, no Vert.x) the module is off. */
  @Override
  public String requiredType() {
    return "org.jboss.resteasy.reactive.server.vertx.VertxResteasyReactiveRequestContext";
  }

  @Override
  public List<Reference> references() {
    return Arrays.asList(
        Reference.type(CONTEXT),
        Reference.method(REQUEST_CONTEXT, "unwrap", "(Ljava/lang/Class;)" + OBJECT),
        Reference.method(
            REQUEST_CONTEXT,
            "getDeployment",
            "()Lorg/jboss/resteasy/reactive/server/core/Deployment;"),
        Reference.method(
            "org.jboss.resteasy.reactive.server.core.Deployment", "getPrefix", "()" + STRING),
        Reference.method(RESOURCE, "getClassPath", "()L" + TEMPLATE + ";"),
        Reference.method(RESOURCE, "getPath", "()L" + TEMPLATE + ";"),
        Reference.method(RESOURCE, "getHttpMethod", "()" + STRING),
        Reference.field(TEMPLATE.replace('/', '.'), "template", STRING),
        Reference.method(CONTEXT, "get", "(" + STRING + ")" + OBJECT),
        Reference.type("jakarta.ws.rs.NotAllowedException"),
        Reference.field(CLASS_ROUTING, "mappers", "Ljava/util/Map;"));
  }

  /** Its requests run on a Vert.x route: one Quarkus refused before RESTEasy is looked up here. */
  @Override
  public String runsInside() {
    return "vertx";
  }

  @Override
  public RouteLister routeLister() {
    return new QuarkusRestRouteLister();
  }

  @Override
  public RouteFinder routeFinder() {
    return new QuarkusRestRouteFinder();
  }
}
