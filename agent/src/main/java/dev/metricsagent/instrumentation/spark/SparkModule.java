package dev.metricsagent.instrumentation.spark;

import dev.metricsagent.bridge.RouteFinder;
import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * SparkJava 2.5 to 2.9: times {@code MatcherFilter.doFilter} (static files, filters, route, error
 * handling and body serialisation: everything Spark does for a request), and takes the route
 * template from the first {@code Routes.find} inside it. Route registrations, removals and {@code
 * clear} feed the route inventory; a request answered from static files is {@code static}.
 */
public final class SparkModule implements InstrumentationModule {
  static final String NAME = "spark";
  static final String HTTP_METHOD = "spark.route.HttpMethod";
  static final String ROUTES = "spark.route.Routes";
  static final String ROUTE_MATCH = "spark.routematch.RouteMatch";

  private static final String STRING = "Ljava/lang/String;";
  private static final String REQUEST = "javax.servlet.http.HttpServletRequest";
  private static final String RESPONSE = "javax.servlet.http.HttpServletResponse";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Arrays.<TypeInstrumentation>asList(
        new MatcherFilterInstrumentation(),
        new RoutesInstrumentation(),
        new StaticFilesInstrumentation());
  }

  @Override
  public List<Reference> references() {
    return Arrays.asList(
        Reference.type(REQUEST),
        Reference.type(RESPONSE),
        Reference.method(REQUEST, "getHeader", "(" + STRING + ")" + STRING),
        Reference.method(REQUEST, "getMethod", "()" + STRING),
        Reference.method(RESPONSE, "isCommitted", "()Z"),
        Reference.method(RESPONSE, "getStatus", "()I"),
        Reference.field(
            MatcherFilterInstrumentation.MATCHER_FILTER, "routeMatcher", "Lspark/route/Routes;"),
        Reference.method(HTTP_METHOD, "name", "()" + STRING),
        Reference.method(ROUTE_MATCH, "getMatchUri", "()" + STRING));
  }

  @Override
  public RouteLister routeLister() {
    return new SparkRouteLister();
  }

  @Override
  public RouteFinder routeFinder() {
    return new SparkRouteFinder();
  }
}
