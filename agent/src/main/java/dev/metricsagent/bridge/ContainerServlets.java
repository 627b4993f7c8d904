package dev.metricsagent.bridge;

/**
 * The servlets a container gives every web app (Tomcat's {@code conf/web.xml}, Jetty's {@code
 * webdefault.xml}): the default servlet on {@code /}, which serves the app's files and answers
 * every path nothing else maps with a 404, and the JSP servlet on {@code *.jsp}. Neither is a
 * route of the app: a file served is {@code static}, a path nothing serves {@code unmatched}.
 * Known by the names both containers give them.
 */
final class ContainerServlets {
  static final byte NONE = 0;
  static final byte DEFAULT = 1;
  static final byte JSP = 2;

  private ContainerServlets() {}

  static byte kind(String pattern, String servletName) {
    if ("default".equals(servletName) && "/".equals(pattern)) {
      return DEFAULT;
    }
    return "jsp".equals(servletName) ? JSP : NONE;
  }

  /**
   * The template to record: the default servlet's error (a 404, a 405 for a POST) is {@code
   * unmatched} (null), as is the JSP servlet's 404 (no such JSP).
   */
  static String template(String template, byte kind, int status) {
    if (kind == DEFAULT && status >= 400 || kind == JSP && status == 404) {
      return null;
    }
    return template;
  }
}
