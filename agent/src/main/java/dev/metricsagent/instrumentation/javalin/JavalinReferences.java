package dev.metricsagent.instrumentation.javalin;

import dev.metricsagent.instrumentation.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The names both Javalin modules hook and reference: the same classes in Javalin 6 and 7, with
 * other members ({@code Endpoint}'s getters in 6, its public fields in 7).
 */
final class JavalinReferences {
  static final String NAME = "javalin";
  static final String SERVLET = "io.javalin.http.servlet.JavalinServlet";
  static final String SERVLET_CONTEXT = "io.javalin.http.servlet.JavalinServletContext";
  static final String ROUTER = "io.javalin.router.InternalRouter";
  static final String ROUTER_CONFIG = "io.javalin.config.RouterConfig";
  static final String CONTEXT = "io.javalin.http.Context";
  static final String HANDLER_TYPE = "io.javalin.http.HandlerType";
  static final String ENDPOINT = "io.javalin.router.Endpoint";
  static final String PARSED_ENDPOINT = "io.javalin.router.ParsedEndpoint";
  static final String REQUEST = "jakarta.servlet.http.HttpServletRequest";
  static final String RESPONSE = "jakarta.servlet.http.HttpServletResponse";

  static final String STRING = "Ljava/lang/String;";
  static final String HANDLER_TYPE_DESC = "Lio/javalin/http/HandlerType;";
  static final String ENDPOINT_DESC = "Lio/javalin/router/Endpoint;";
  static final String ROUTER_CONFIG_DESC = "Lio/javalin/config/RouterConfig;";

  /** Javalin's servlets: their mapping ({@code /*}) is no route, the modules list the real ones. */
  static final List<String> SERVLETS =
      Arrays.asList(
          "io.javalin.jetty.JavalinJettyServlet", "io.javalin.http.servlet.JavalinServlet");

  private JavalinReferences() {}

  /** What the advice of both versions calls (servlet API, {@code HandlerType}), and more. */
  static List<Reference> of(Reference... versionSpecific) {
    List<Reference> all =
        new ArrayList<>(
            Arrays.asList(
                Reference.method(REQUEST, "getMethod", "()" + STRING),
                Reference.method(REQUEST, "getHeader", "(" + STRING + ")" + STRING),
                Reference.method(REQUEST, "isAsyncStarted", "()Z"),
                Reference.type("jakarta.servlet.AsyncListener"),
                Reference.method(RESPONSE, "getStatus", "()I"),
                Reference.method(RESPONSE, "isCommitted", "()Z"),
                Reference.method(HANDLER_TYPE, "isHttpMethod", "()Z"),
                Reference.method(HANDLER_TYPE, "name", "()" + STRING),
                Reference.field(ROUTER, "routerConfig", ROUTER_CONFIG_DESC),
                Reference.field(ROUTER_CONFIG, "contextPath", STRING)));
    all.addAll(Arrays.asList(versionSpecific));
    return all;
  }
}
