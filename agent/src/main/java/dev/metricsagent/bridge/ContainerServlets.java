package dev.metricsagent.bridge;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The servlets a container gives every web app (Tomcat's {@code conf/web.xml}, Jetty's {@code
 * webdefault.xml}): the default servlet on {@code /}, which serves the app's files and answers
 * every path nothing else maps with a 404, and the JSP servlet on {@code *.jsp}. Neither is a
 * route of the app: a file served is {@code static}, a path nothing serves {@code unmatched}.
 * Known by the names both containers give them.
 *
 * <p>Also a framework's own servlet (Spring's {@code DispatcherServlet}, {@code JavalinServlet},
 * Jersey's {@code ServletContainer}): its mapping ({@code /}, {@code /*}) is no route either. A
 * request that reaches it unrouted (the container's 405 for {@code TRACE}, a filter's refusal)
 * is named by that framework's route finder at the end, else {@code unmatched}. Those servlets
 * are known per context path by name, as {@code ServletContextLister} found them (text only).
 */
public final class ContainerServlets {
  static final byte NONE = 0;
  static final byte DEFAULT = 1;
  static final byte JSP = 2;
  static final byte FRAMEWORK = 3;

  /** Context path, then servlet name, to the name of the module whose framework it is. */
  private static final Map<String, Map<String, String>> FRAMEWORK_SERVLETS =
      new ConcurrentHashMap<String, Map<String, String>>();

  private ContainerServlets() {}

  /**
   * The framework servlets of the web app at {@code contextPath}: servlet name to module name
   * (replaces what a web app earlier deployed there had).
   */
  public static void frameworkServlets(String contextPath, Map<String, String> byServletName) {
    if (contextPath != null) {
      FRAMEWORK_SERVLETS.put(
          contextPath, Collections.unmodifiableMap(new HashMap<String, String>(byServletName)));
    }
  }

  /** The module name of the framework whose servlet this is, or null. */
  static String framework(String contextPath, String servletName) {
    if (contextPath == null || servletName == null || FRAMEWORK_SERVLETS.isEmpty()) {
      return null;
    }
    Map<String, String> servlets = FRAMEWORK_SERVLETS.get(contextPath);
    return servlets == null ? null : servlets.get(servletName);
  }

  static byte kind(String pattern, String servletName) {
    if ("default".equals(servletName) && "/".equals(pattern)) {
      return DEFAULT;
    }
    return "jsp".equals(servletName) ? JSP : NONE;
  }

  /**
   * The template to record: the default servlet's error (a 404, a 405 for a POST) is {@code
   * unmatched} (null), as is the JSP servlet's 404 (no such JSP); a framework servlet's mapping
   * never names a request.
   */
  static String template(String template, byte kind, int status) {
    if (kind == DEFAULT && status >= 400 || kind == JSP && status == 404 || kind == FRAMEWORK) {
      return null;
    }
    return template;
  }
}
