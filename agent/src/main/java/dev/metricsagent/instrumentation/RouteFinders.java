package dev.metricsagent.instrumentation;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.RouteFinder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The modules' route finders as the bridge's one finder, chosen by the module's name; where a
 * module runs inside another's routes ({@link InstrumentationModule#runsInside}: Quarkus REST in
 * Vert.x Web), its finder is asked after the outer one's when that one found nothing.
 */
public final class RouteFinders implements RouteFinder {
  private final Map<String, RouteFinder> byFramework;
  private final Map<String, List<String>> inner;

  private RouteFinders(Map<String, RouteFinder> byFramework, Map<String, List<String>> inner) {
    this.byFramework = byFramework;
    this.inner = inner;
  }

  /** The finders of {@code modules}, or null if none has one. */
  public static RouteFinder of(List<InstrumentationModule> modules) {
    Map<String, RouteFinder> byFramework = new HashMap<>();
    Map<String, List<String>> inner = new HashMap<>();
    for (InstrumentationModule m : modules) {
      RouteFinder f = m.routeFinder();
      if (f != null && !byFramework.containsKey(m.name())) {
        byFramework.put(m.name(), f);
        if (m.runsInside() != null) {
          inner.computeIfAbsent(m.runsInside(), k -> new ArrayList<>()).add(m.name());
        }
      }
    }
    return byFramework.isEmpty() ? null : new RouteFinders(byFramework, inner);
  }

  @Override
  public void find(String framework, Object table, Object request, RequestState state)
      throws Exception {
    String before = state == null ? null : state.template();
    RouteFinder f = byFramework.get(framework);
    if (f != null) {
      f.find(framework, table, request, state);
    }
    List<String> names = state == null ? null : inner.get(framework);
    for (int i = 0; names != null && i < names.size() && state.template() == before; i++) {
      byFramework.get(names.get(i)).find(names.get(i), table, request, state);
    }
  }
}
