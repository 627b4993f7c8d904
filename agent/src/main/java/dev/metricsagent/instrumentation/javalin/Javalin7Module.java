package dev.metricsagent.instrumentation.javalin;

import static dev.metricsagent.instrumentation.javalin.JavalinHooks.ENDPOINT;
import static dev.metricsagent.instrumentation.javalin.JavalinHooks.ENDPOINT_DESC;
import static dev.metricsagent.instrumentation.javalin.JavalinHooks.HANDLER_TYPE_DESC;
import static dev.metricsagent.instrumentation.javalin.JavalinHooks.PARSED_ENDPOINT;
import static dev.metricsagent.instrumentation.javalin.JavalinHooks.ROUTER;
import static dev.metricsagent.instrumentation.javalin.JavalinHooks.STRING;

import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Javalin 7 (Jetty 12): the hooks of {@link Javalin6Module} on Javalin 7's members ({@code
 * JavalinServletContext.update(Endpoint, Map)}, {@code Endpoint}'s public fields, {@code
 * InternalRouter.findFirstHttpHandlerEntry}); its advice is built for Java 17. {@code
 * io.javalin.config.JavalinState} (Javalin 7) tells it from Javalin 6.
 */
public final class Javalin7Module implements InstrumentationModule {
  private static final JavalinHooks.AdviceClasses ADVICE =
      new JavalinHooks.AdviceClasses(
          "dev.metricsagent.instrumentation.javalin.v7.Javalin7Advice");

  @Override
  public String name() {
    return "javalin";
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
                JavalinHooks.servlet(ADVICE),
                JavalinHooks.servletContext(ENDPOINT, "update(Endpoint, Map)", ADVICE),
                JavalinHooks.router(ADVICE)));
    types.addAll(JavalinHooks.staticFiles());
    return types;
  }

  @Override
  public List<Reference> references() {
    return JavalinHooks.commonReferences(
        Reference.method(
            ROUTER,
            "findFirstHttpHandlerEntry",
            "(" + HANDLER_TYPE_DESC + STRING + ")Lio/javalin/router/ParsedEndpoint;"),
        Reference.field(PARSED_ENDPOINT, "endpoint", ENDPOINT_DESC),
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
    return Arrays.asList(
        "io.javalin.jetty.JavalinJettyServlet", "io.javalin.http.servlet.JavalinServlet");
  }

  @Override
  public RouteLister routeLister() {
    return new JavalinRouteLister();
  }
}
