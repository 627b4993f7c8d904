package dev.metricsagent.instrumentation.javalin;

import static dev.metricsagent.instrumentation.javalin.JavalinReferences.ENDPOINT;
import static dev.metricsagent.instrumentation.javalin.JavalinReferences.ENDPOINT_DESC;
import static dev.metricsagent.instrumentation.javalin.JavalinReferences.HANDLER_TYPE_DESC;
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
 * Javalin 7 (Jetty 12): the hooks of {@link Javalin6Module} on Javalin 7's members ({@code
 * JavalinServletContext.update(Endpoint, Map)}, {@code Endpoint}'s public fields); its
 * version-specific advice is built for Java 17. {@code io.javalin.config.JavalinState} (Javalin
 * 7) tells it from Javalin 6.
 */
public final class Javalin7Module implements InstrumentationModule {
  /** Its advice: this binary name + {@code UpdateAdvice}, {@code AddEndpointAdvice}. */
  private static final String ADVICE = "dev.metricsagent.instrumentation.javalin.Javalin7";

  @Override
  public String name() {
    return JavalinReferences.NAME;
  }

  @Override
  public String requiredType() {
    return "io.javalin.config.JavalinState";
  }

  @Override
  public List<TypeInstrumentation> types() {
    List<TypeInstrumentation> types =
        new ArrayList<>(
            Arrays.asList(
                new JavalinServletInstrumentation(),
                new JavalinContextInstrumentation(
                ENDPOINT, "update(Endpoint, Map)", ADVICE + "UpdateAdvice"),
                new InternalRouterInstrumentation(ADVICE + "AddEndpointAdvice")));
    types.addAll(StaticHandlerInstrumentation.all());
    return types;
  }

  @Override
  public List<Reference> references() {
    return JavalinReferences.of(
        Reference.field(ENDPOINT, "method", HANDLER_TYPE_DESC),
        Reference.field(ENDPOINT, "path", STRING));
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
