package dev.metricsagent.bridge;

import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The servlets a container gives every web app (Tomcat's {@code conf/web.xml}, Jetty's {@code
 * webdefault.xml}): the default servlet on {@code /}, which serves the app's files and answers
 * every path nothing else maps with a 404, and the JSP servlet on {@code *.jsp}. Neither is a
 * route of the app: a file served is {@code static}, a path nothing serves {@code unmatched}.
 * Known by the names both containers give them. Nor is a framework's servlet's mapping ({@link
 * #frameworkServlet}).
 */
public final class ContainerServlets {
  static final byte NONE = 0;
  static final byte DEFAULT = 1;
  static final byte JSP = 2;
  /** A framework's servlet ({@code servedServlets}): its mapping is no route. */
  static final byte FRAMEWORK = 3;

  /** Names of framework servlets, by web app context path; text only, set at listing. */
  private static final ConcurrentHashMap<String, Set<String>> FRAMEWORK_SERVLETS =
      new ConcurrentHashMap<String, Set<String>>();

  private ContainerServlets() {}

  /**
   * The servlet {@code servletName} of the web app at {@code contextPath} is a framework's
   * (Jersey's {@code ServletContainer}, Spring's {@code DispatcherServlet}, {@code
   * JavalinServlet}): the framework names its requests, and a request it never saw (a filter in
   * front of it answered) is {@code unmatched}, never its mapping. Called when the web app's
   * servlets are listed, before its first request is named.
   */
  public static void frameworkServlet(String contextPath, String servletName) {
    if (servletName == null) {
      return;
    }
    String path = contextPath == null ? "" : contextPath;
    Set<String> names = FRAMEWORK_SERVLETS.get(path);
    if (names == null) {
      Set<String> fresh = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());
      names = FRAMEWORK_SERVLETS.putIfAbsent(path, fresh);
      names = names == null ? fresh : names;
    }
    names.add(servletName);
  }

  static byte kind(String contextPath, String pattern, String servletName) {
    if ("default".equals(servletName) && "/".equals(pattern)) {
      return DEFAULT;
    }
    if ("jsp".equals(servletName)) {
      return JSP;
    }
    Set<String> names =
        servletName == null ? null : FRAMEWORK_SERVLETS.get(contextPath == null ? "" : contextPath);
    return names != null && names.contains(servletName) ? FRAMEWORK : NONE;
  }

  /**
   * The template to record: the default servlet's error (a 404, a 405 for a POST) is {@code
   * unmatched} (null), as is the JSP servlet's 404 (no such JSP).
   */
  static String template(String template, byte kind, int status) {
    if (kind == FRAMEWORK || kind == DEFAULT && status >= 400 || kind == JSP && status == 404) {
      return null;
    }
    return template;
  }
}
