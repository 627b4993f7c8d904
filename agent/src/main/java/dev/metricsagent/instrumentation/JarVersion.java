package dev.metricsagent.instrumentation;

import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;

/**
 * A framework's version from the name of the jar its class came from ({@code
 * javalin-6.7.0.jar}, also nested: {@code .../BOOT-INF/lib/spring-webmvc-6.2.1.jar!/}): no file
 * is opened, nothing loaded. {@code unknown} for a directory or a jar named without a version.
 */
public final class JarVersion {
  public static final String UNKNOWN = "unknown";

  private JarVersion() {}

  /**
   * The version of the jar {@code type} was defined from; for a JDK type (no code source, or a
   * {@code jrt:} one) the JDK's version.
   */
  public static String of(ProtectionDomain where, String type) {
    CodeSource cs = where == null ? null : where.getCodeSource();
    URL url = cs == null ? null : cs.getLocation();
    if (url == null || "jrt".equals(url.getProtocol())) {
      boolean jdk = type.startsWith("sun.") || type.startsWith("com.sun.") || type.startsWith("jdk.");
      return jdk ? System.getProperty("java.version", UNKNOWN) : UNKNOWN;
    }
    return fromLocation(url.toString());
  }

  /** The version in the last {@code name-VERSION.jar} of a location, or {@link #UNKNOWN}. */
  static String fromLocation(String location) {
    int jar = location.lastIndexOf(".jar");
    if (jar < 0) {
      return UNKNOWN;
    }
    int start = location.lastIndexOf('/', jar) + 1;
    String file = location.substring(start, jar);
    for (int i = file.indexOf('-'); i >= 0 && i + 1 < file.length(); i = file.indexOf('-', i + 1)) {
      if (Character.isDigit(file.charAt(i + 1))) {
        return file.substring(i + 1);
      }
    }
    return UNKNOWN;
  }
}
