package dev.metricsagent.instrumentation.spark;

import dev.metricsagent.bridge.RouteEvents;
import dev.metricsagent.bridge.RouteLister;
import java.lang.reflect.Field;
import java.util.List;

/**
 * Reads a {@code spark.route.Routes} table (its private {@code List<RouteEntry> routes}, with the
 * {@code httpMethod} and {@code path} of each entry; the same in 2.5 to 2.9) by reflection: the
 * agent's classes cannot link against the app's Spark. Used once per table after attach.
 */
final class SparkRouteLister implements RouteLister {
  @Override
  public void listRoutes(Object routes) {
    try {
      Field list = routes.getClass().getDeclaredField("routes");
      list.setAccessible(true);
      // a copy: the app may add a route meanwhile (Spark's list is a plain ArrayList, whose
      // toArray never throws; a route added meanwhile is reported by the add advice anyway)
      for (Object entry : ((List<?>) list.get(routes)).toArray()) {
        if (entry == null) {
          continue;
        }
        Field method = entry.getClass().getDeclaredField("httpMethod");
        Field path = entry.getClass().getDeclaredField("path");
        method.setAccessible(true);
        path.setAccessible(true);
        Object m = method.get(entry);
        if (m != null) {
          RouteEvents.added(((Enum<?>) m).name(), (String) path.get(entry));
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot list the routes of " + routes.getClass().getName(), e);
    }
  }
}
