package dev.metricsagent.instrumentation.javalin;

import static dev.metricsagent.instrumentation.PublicApi.call;

import dev.metricsagent.bridge.RouteEvents;
import dev.metricsagent.bridge.RouteLister;
import java.lang.reflect.Field;
import java.util.List;

/**
 * Reads the {@code InternalRouter} of a {@code JavalinServlet} ({@code allHttpHandlers()}: each
 * {@code ParsedEndpoint}'s {@code endpoint}, with its {@code method} and {@code path}; fields of
 * those names in Javalin 6 and 7) by reflection: the agent's classes cannot link against the
 * app's Javalin. Used once per servlet after attach.
 */
final class JavalinRouteLister implements RouteLister {
  @Override
  public void listRoutes(Object servlet) {
    try {
      Object router = call(servlet, "getRouter");
      for (Object entry : ((List<?>) call(router, "allHttpHandlers")).toArray()) {
        Object endpoint = read(entry, "endpoint");
        Object type = read(endpoint, "method");
        if ((Boolean) call(type, "isHttpMethod")) {
          RouteEvents.added((String) call(type, "name"), (String) read(endpoint, "path"));
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot list the routes of " + servlet.getClass().getName(), e);
    }
  }

  /** The field {@code name} declared by the object's class or a super class. */
  static Object read(Object o, String name) throws ReflectiveOperationException {
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
