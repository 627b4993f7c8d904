package dev.metricsagent.instrumentation.micronaut;

import static dev.metricsagent.instrumentation.PublicApi.call;

import dev.metricsagent.bridge.RouteEvents;
import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.instrumentation.spring.SpringRouteLister;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Lists a Micronaut router's routes into the inventory, by reflection on its public API ({@code
 * Router.uriRoutes()}: each route's method and URI template). The {@code HEAD} route Micronaut
 * adds beside each {@code GET} route ({@code @Get}'s {@code headRoute}) is not listed: it is no
 * route of the app's own.
 */
final class MicronautRouteLister implements RouteLister {
  @Override
  public void listRoutes(Object table) {
    if (!SpringRouteLister.isA(table, MicronautModule.ROUTER)) {
      throw new IllegalStateException("not a Micronaut router");
    }
    try {
      List<String[]> routes = new ArrayList<String[]>();
      Iterator<?> it = ((java.util.stream.BaseStream<?, ?>) call(table, "uriRoutes")).iterator();
      while (it.hasNext()) {
        Object route = it.next();
        routes.add(
            new String[] {
              (String) call(route, "getHttpMethodName"),
              call(route, "getUriMatchTemplate").toString()
            });
      }
      for (String[] r : ownRoutes(routes)) {
        RouteEvents.added(r[0], r[1]);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot list the routes of " + table.getClass().getName(), e);
    }
  }

  /** {@code routes} (method, template) without the {@code HEAD} twin of a {@code GET} route. */
  static List<String[]> ownRoutes(List<String[]> routes) {
    Set<String> gets = new HashSet<String>();
    for (String[] r : routes) {
      if ("GET".equals(r[0])) {
        gets.add(r[1]);
      }
    }
    List<String[]> own = new ArrayList<String[]>();
    for (String[] r : routes) {
      if (!("HEAD".equals(r[0]) && gets.contains(r[1]))) {
        own.add(r);
      }
    }
    return own;
  }
}
