package dev.metricsagent.instrumentation;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.RouteFinder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The modules' route finders as the bridge's one finder, chosen by the module's name. */
public final class RouteFinders implements RouteFinder {
  private final Map<String, RouteFinder> byFramework;

  private RouteFinders(Map<String, RouteFinder> byFramework) {
    this.byFramework = byFramework;
  }

  /** The finders of {@code modules}, or null if none has one. */
  public static RouteFinder of(List<InstrumentationModule> modules) {
    Map<String, RouteFinder> byFramework = new HashMap<>();
    for (InstrumentationModule m : modules) {
      RouteFinder f = m.routeFinder();
      if (f != null && !byFramework.containsKey(m.name())) {
        byFramework.put(m.name(), f);
      }
    }
    return byFramework.isEmpty() ? null : new RouteFinders(byFramework);
  }

  @Override
  public void find(String framework, Object table, Object request, RequestState state)
      throws Exception {
    RouteFinder f = byFramework.get(framework);
    if (f != null) {
      f.find(framework, table, request, state);
    }
  }
}
