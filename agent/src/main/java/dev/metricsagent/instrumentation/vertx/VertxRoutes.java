package dev.metricsagent.instrumentation.vertx;

import static dev.metricsagent.instrumentation.PublicApi.call;

import dev.metricsagent.bridge.TemplateJoins;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Vert.x router's routes read by reflection on its public API ({@code Router.getRoutes()},
 * {@code Route.getPath()}, {@code getSubRouter()}, {@code methods()}), and a route's compiled
 * pattern from its internal state (a regex route has no path to show). Templates are built as
 * the advice builds them ({@code RouterMounts}): the route's path or regex under every mount
 * point's path.
 */
final class VertxRoutes {
  /** Sub-routers nested deeper than this are not walked (a router mounted in itself). */
  static final int MAX_DEPTH = 8;

  private VertxRoutes() {}

  static List<?> routesOf(Object router) throws ReflectiveOperationException {
    return (List<?>) call(router, "getRoutes");
  }

  static String path(Object route) throws ReflectiveOperationException {
    return (String) call(route, "getPath");
  }

  static Object subRouter(Object route) throws ReflectiveOperationException {
    return call(route, "getSubRouter");
  }

  static boolean exact(Object route) throws ReflectiveOperationException {
    return (Boolean) call(route, "isExactPath");
  }

  /** The route's methods by name; empty: every method (null or an empty set in Vert.x). */
  static String[] methods(Object route) throws ReflectiveOperationException {
    Collection<?> methods = (Collection<?>) call(route, "methods");
    if (methods == null) { // Vert.x 4.5: a route given no method has none
      return new String[0];
    }
    String[] names = new String[methods.size()];
    int i = 0;
    for (Object m : methods) {
      names[i++] = (String) call(m, "name");
    }
    return names;
  }

  /**
   * The route's compiled pattern (a regex route's, or a path with parameters'), or null: none,
   * or its internal state cannot be read (a Vert.x whose internals moved).
   */
  static Pattern pattern(Object route) {
    try {
      Method state = route.getClass().getDeclaredMethod("state");
      state.setAccessible(true);
      Object s = state.invoke(route);
      Method getPattern = s.getClass().getDeclaredMethod("getPattern");
      getPattern.setAccessible(true);
      return (Pattern) getPattern.invoke(s);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The template of an endpoint route (an exact path, or a regex) under {@code mount}; null for
   * a wildcard or path-less route (middleware) and a sub-router's.
   */
  static String template(Object route, String mount) throws ReflectiveOperationException {
    String path = path(route);
    if (path != null) {
      return exact(route) ? TemplateJoins.joinPath(mount, path) : null;
    }
    Pattern p = pattern(route);
    return p == null ? null : TemplateJoins.joinPath(mount, p.pattern());
  }

  /** The template a sub-router mounted on {@code route} has its routes under. */
  static String mount(Object route, String mount) throws ReflectiveOperationException {
    String path = path(route);
    return TemplateJoins.joinPath(mount, path == null ? "/" : path);
  }

  /**
   * What a sub-router mounted on {@code route} matches of {@code path} (starting with a slash),
   * or null when the mount does not match.
   */
  static String rest(Object route, String path) throws ReflectiveOperationException {
    String mountPath = path(route);
    Pattern p = pattern(route);
    if (p != null) { // a parameterized mount: its pattern ends in a group named rest
      Matcher m = p.matcher(path);
      if (!m.matches()) {
        return null;
      }
      String rest = path.substring(m.start("rest"));
      return rest.startsWith("/") ? rest : "/" + rest;
    }
    if (mountPath == null) {
      return path;
    }
    if (path.startsWith(mountPath)) {
      return path.substring(mountPath.length() - 1);
    }
    return path.equals(mountPath.substring(0, mountPath.length() - 1)) ? "/" : null;
  }

  /** Whether an endpoint route matches {@code path}, as Vert.x compares (trailing slash aside). */
  static boolean matches(Object route, String path) throws ReflectiveOperationException {
    Pattern p = pattern(route);
    if (p != null) {
      return p.matcher(path).matches();
    }
    String own = path(route);
    return own != null
        && (own.equals(path)
            || (own + "/").equals(path)
            || own.endsWith("/") && own.substring(0, own.length() - 1).equals(path));
  }
}
