package dev.metricsagent.instrumentation.javalin;

import static dev.metricsagent.instrumentation.javalin.JavalinReferences.ENDPOINT;
import static dev.metricsagent.instrumentation.javalin.JavalinReferences.ENDPOINT_DESC;
import static dev.metricsagent.instrumentation.javalin.JavalinReferences.HANDLER_TYPE_DESC;
import static dev.metricsagent.instrumentation.javalin.JavalinReferences.PARSED_ENDPOINT;
import static dev.metricsagent.instrumentation.javalin.JavalinReferences.STRING;

import dev.metricsagent.bridge.RouteFinder;
import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Javalin 6 (Jetty 11): times {@code JavalinServlet.handle} where no outer hook (the servlet
 * container's) does, names the request by the path of the HTTP handler about to run ({@code
 * JavalinServletContext.update(ParsedEndpoint, String)}), and lists routes as {@code
 * InternalRouter.addHttpEndpoint} registers them. Javalin 7 keeps the class names and changes the
 * members: {@link Javalin7Module}; {@code io.javalin.config.PrivateConfig} (Javalin 5 and 6)
 * tells them apart. Its version-specific advice is built for Java 11.
 */
public final class Javalin6Module implements InstrumentationModule {
  /** Its advice: this binary name + {@code UpdateAdvice}, {@code AddEndpointAdvice}. */
  private static final String ADVICE = "dev.metricsagent.instrumentation.javalin.Javalin6";

  @Override
  public String name() {
    return JavalinReferences.NAME;
  }

  @Override
  public String requiredType() {
    return "io.javalin.config.PrivateConfig";
  }

  @Override
  public List<TypeInstrumentation> types() {
    List<TypeInstrumentation> types =
        new ArrayList<>(
            Arrays.asList(
                new JavalinServletInstrumentation(),
                new JavalinContextInstrumentation(
                PARSED_ENDPOINT, "update(ParsedEndpoint, String)", ADVICE + "UpdateAdvice"),
                new InternalRouterInstrumentation(ADVICE + "AddEndpointAdvice")));
    types.addAll(StaticHandlerInstrumentation.all());
    return types;
  }

  @Override
  public List<Reference> references() {
    return JavalinReferences.of(
        Reference.method(PARSED_ENDPOINT, "getEndpoint", "()" + ENDPOINT_DESC),
        Reference.method(ENDPOINT, "getMethod", "()" + HANDLER_TYPE_DESC),
        Reference.method(ENDPOINT, "getPath", "()" + STRING));
  }

  /**
   * Its servlet's mapping ({@code /*}) is no route of its own: the module lists the real ones.
   * Embedded, Jetty runs {@code JavalinJettyServlet} (WebSocket upgrades, then the {@code
   * JavalinServlet}); in another container the app may map the {@code JavalinServlet} itself.
   */
  @Override
  public List<String> servedServlets() {
    return JavalinReferences.SERVLETS;
  }

  @Override
  public RouteLister routeLister() {
    return new JavalinRouteLister();
  }

  @Override
  public RouteFinder routeFinder() {
    return new JavalinRouteFinder();
  }
}
