package dev.metricsagent.instrumentation;

import dev.metricsagent.bridge.RouteLister;
import java.util.ArrayList;
import java.util.List;

/**
 * The modules' route listers as the bridge's one lister: a table goes to each in turn until one
 * lists it (a lister throws for a table that is not its framework's).
 */
public final class RouteListers implements RouteLister {
  private final List<RouteLister> listers;

  private RouteListers(List<RouteLister> listers) {
    this.listers = listers;
  }

  /** The listers of {@code modules}, or null if none has one. */
  public static RouteLister of(List<InstrumentationModule> modules) {
    List<RouteLister> listers = new ArrayList<>();
    for (InstrumentationModule m : modules) {
      RouteLister l = m.routeLister();
      if (l != null) {
        listers.add(l);
      }
    }
    return listers.isEmpty() ? null : new RouteListers(listers);
  }

  /** The servlet classes whose routes {@code modules} list themselves (for the bridge). */
  public static String[] servedServlets(List<InstrumentationModule> modules) {
    List<String> out = new ArrayList<>();
    for (InstrumentationModule m : modules) {
      out.addAll(m.servedServlets());
    }
    return out.toArray(new String[0]);
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
