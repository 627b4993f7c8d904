package dev.metricsagent.instrumentation.javalin;

import dev.metricsagent.bridge.Bridge;
import dev.metricsagent.bridge.RouteLister;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Reads a Javalin {@code InternalRouter} ({@code allHttpHandlers()}: each {@code ParsedEndpoint}'s
 * {@code endpoint}, with its {@code method} and {@code path}; fields of those names in Javalin 6
 * and 7) by reflection: the agent's classes cannot link against the app's Javalin. Used once per
 * router after attach.
 */
final class JavalinRouteLister implements RouteLister {
  @Override
  public void listRoutes(Object router) {
    try {
      Method all = router.getClass().getMethod("allHttpHandlers");
      for (Object entry : ((List<?>) all.invoke(router)).toArray()) {
        Object endpoint = read(entry, "endpoint");
        Object type = read(endpoint, "method");
        Class<?> t = type.getClass();
        if ((Boolean) t.getMethod("isHttpMethod").invoke(type)) {
          String method = (String) t.getMethod("name").invoke(type);
          Bridge.routeAdded(method, (String) read(endpoint, "path"));
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot list the routes of " + router.getClass().getName(), e);
    }
  }

  /** The field {@code name} declared by the object's class or a super class. */
  private static Object read(Object o, String name) throws ReflectiveOperationException {
    for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
      } catch (NoSuchFieldException notHere) {
        // a subclass: look further up
      }
    }
    throw new NoSuchFieldException(o.getClass().getName() + "." + name);
  }
}
