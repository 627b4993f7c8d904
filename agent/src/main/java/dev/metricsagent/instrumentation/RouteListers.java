package dev.metricsagent.instrumentation;

import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.instrumentation.servlet.ServletContextLister;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The modules' route listers, and the servlet mappings' ({@link ServletContextLister}), as the
 * bridge's one lister: a table goes to each in turn until one lists it (a lister throws for a
 * table that is not its framework's).
 */
public final class RouteListers implements RouteLister {
  private final List<RouteLister> listers;

  private RouteListers(List<RouteLister> listers) {
    this.listers = listers;
  }

  /** The listers of {@code modules}, after the servlet mappings'. */
  public static RouteLister of(List<InstrumentationModule> modules) {
    List<RouteLister> listers = new ArrayList<>();
    listers.add(new ServletContextLister(servedServlets(modules)));
    for (InstrumentationModule m : modules) {
      RouteLister l = m.routeLister();
      if (l != null) {
        listers.add(l);
      }
    }
    return new RouteListers(listers);
  }

  /** The servlet classes whose routes {@code modules} list themselves, to the module's name. */
  static Map<String, String> servedServlets(List<InstrumentationModule> modules) {
    Map<String, String> out = new HashMap<>();
    for (InstrumentationModule m : modules) {
      for (String servlet : m.servedServlets()) {
        out.putIfAbsent(servlet, m.name());
      }
    }
    return out;
  }

  @Override
  public void listRoutes(Object table) {
    RuntimeException notMine = null;
    for (RouteLister l : listers) {
      try {
        l.listRoutes(table);
        return;
      } catch (RuntimeException e) {
        notMine = e;
      }
    }
    if (notMine != null) {
      throw notMine;
    }
  }
}
