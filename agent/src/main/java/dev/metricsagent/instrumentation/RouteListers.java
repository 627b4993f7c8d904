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
 * table that is not its framework's). The modules' listers are made when the servlet mappings'
 * first turns a table down: at launch, making every module's (most of them frameworks the app does
 * not have) loaded their classes on the app's main thread, and a servlet app never needs them.
 */
public final class RouteListers implements RouteLister {
  private final RouteLister servlets;
  private final List<InstrumentationModule> modules;
  private volatile List<RouteLister> listers;

  private RouteListers(RouteLister servlets, List<InstrumentationModule> modules) {
    this.servlets = servlets;
    this.modules = modules;
  }

  /** The listers of {@code modules}, after the servlet mappings'. */
  public static RouteLister of(List<InstrumentationModule> modules) {
    return new RouteListers(new ServletContextLister(servedServlets(modules)), modules);
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
    RuntimeException notMine;
    try {
      servlets.listRoutes(table);
      return;
    } catch (RuntimeException e) {
      notMine = e;
    }
    for (RouteLister l : moduleListers()) {
      try {
        l.listRoutes(table);
        return;
      } catch (RuntimeException e) {
        notMine = e;
      }
    }
    throw notMine;
  }

  private List<RouteLister> moduleListers() {
    List<RouteLister> l = listers;
    if (l == null) { // made twice at worst: the same listers
      l = new ArrayList<>();
      for (InstrumentationModule m : modules) {
        RouteLister lister = m.routeLister();
        if (lister != null) {
          l.add(lister);
        }
      }
      listers = l;
    }
    return l;
  }
}
