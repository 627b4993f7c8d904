package dev.metricsagent.instrumentation;

import dev.metricsagent.bridge.ConnectionReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * Scheme and protocol version of a servlet request ({@code getScheme()}, {@code getProtocol()}),
 * by reflection as {@link ServletSizes} reads sizes: handles resolved once per concrete class;
 * the strings the container returns are matched against the few known values, nothing is
 * allocated. Anything else (a JDK {@code HttpServer} exchange, an unknown protocol) is unknown.
 */
public final class ServletConnections implements ConnectionReader {
  private static final MethodType STRING = MethodType.methodType(String.class);

  /** {@code [getScheme, getProtocol]} of a request class; nulls if it has none. */
  private final ClassValue<MethodHandle[]> handles =
      new ClassValue<MethodHandle[]>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> c) {
          return new MethodHandle[] {
            ServletSizes.handle(c, "getScheme", STRING), ServletSizes.handle(c, "getProtocol", STRING)
          };
        }
      };

  @Override
  public int connection(Object request) {
    if (request == null) {
      return UNKNOWN;
    }
    MethodHandle[] h = handles.get(request.getClass());
    try {
      int scheme = h[0] == null ? UNKNOWN : scheme((String) h[0].invokeExact(request));
      int version = h[1] == null ? UNKNOWN : version((String) h[1].invokeExact(request));
      return scheme | version;
    } catch (Throwable t) {
      return UNKNOWN;
    }
  }

  static int scheme(String s) {
    if ("http".equalsIgnoreCase(s)) {
      return HTTP;
    }
    return "https".equalsIgnoreCase(s) ? HTTPS : UNKNOWN;
  }

  static int version(String protocol) {
    if ("HTTP/1.1".equals(protocol)) {
      return HTTP_1_1;
    } else if ("HTTP/2.0".equals(protocol) || "HTTP/2".equals(protocol)) {
      return HTTP_2;
    }
    return "HTTP/1.0".equals(protocol) ? HTTP_1_0 : UNKNOWN;
  }
}
