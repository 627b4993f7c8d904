package dev.metricsagent.instrumentation;

import dev.metricsagent.bridge.RouteLister;
import java.util.ArrayList;
import java.util.List;

/**
 * The route listers of every module as the bridge's one lister: a route table is listed by the
 * first module's lister that can read it (a Spark {@code Routes}, a Javalin {@code
 * InternalRouter}); once per table, so trying them in turn costs nothing per request.
 */
public final class RouteListers implements RouteLister {
  private final List<RouteLister> listers;

  private RouteListers(List<RouteLister> listers) {
    this.listers = listers;
  }

  /** Null when there is none (the bridge then lists nothing), the lister itself when one. */
  public static RouteLister of(List<RouteLister> listers) {
    if (listers.isEmpty()) {
      return null;
    }
    return listers.size() == 1 ? listers.get(0) : new RouteListers(new ArrayList<>(listers));
  }

  @Override
  public void listRoutes(Object routeTable) {
    RuntimeException first = null;
    for (RouteLister l : listers) {
      try {
        l.listRoutes(routeTable);
        return;
      } catch (RuntimeException notItsTable) {
        if (first == null) {
          first = notItsTable;
        }
      }
    }
    throw first;
  }
}
