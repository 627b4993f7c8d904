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
 * Javalin 6 (Jetty 11): times {@code JavalinServlet.handle} where no outer hook (the servlet
 * container's) does, names the request by the path of the HTTP handler about to run ({@code
 * JavalinServletContext.update(ParsedEndpoint, String)}), and lists routes as {@code
 * InternalRouter.addHttpEndpoint} registers them. Javalin 7 keeps the class names and changes the
 * members: {@link Javalin7Module}; {@code io.javalin.config.PrivateConfig} (Javalin 5 and 6)
 * tells them apart.
 */
public final class Javalin6Module implements InstrumentationModule {
  private static final JavalinHooks.AdviceClasses ADVICE =
      new JavalinHooks.AdviceClasses(
          "dev.metricsagent.instrumentation.javalin.v6.Javalin6Advice");

  @Override
  public String name() {
    return "javalin";
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
                JavalinHooks.servlet(ADVICE),
                JavalinHooks.servletContext(
                    PARSED_ENDPOINT, "update(ParsedEndpoint, String)", ADVICE),
                JavalinHooks.router(ADVICE)));
    types.addAll(JavalinHooks.staticFiles());
    return types;
  }

  @Override
  public List<Reference> references() {
    return JavalinHooks.commonReferences(
        Reference.type(PARSED_ENDPOINT), // the Optional's element, cast
        Reference.method(
            ROUTER,
            "findHttpHandlerEntries",
            "(" + HANDLER_TYPE_DESC + STRING + ")Ljava/util/stream/Stream;"),
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
    return Arrays.asList(
        "io.javalin.jetty.JavalinJettyServlet", "io.javalin.http.servlet.JavalinServlet");
  }

  @Override
  public RouteLister routeLister() {
    return new JavalinRouteLister();
  }
}
