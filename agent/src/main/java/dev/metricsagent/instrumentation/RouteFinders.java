package dev.metricsagent.instrumentation;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.RouteFinder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The modules' route finders as the bridge's one finder, chosen by the module's name; where a
 * module runs inside another's routes ({@link InstrumentationModule#runsInside}: Quarkus REST in
 * Vert.x Web), its finder is asked after the outer one's when that one found nothing. A module's
 * finder is made when a request of its framework first needs one: at launch, making every
 * module's (most of them frameworks the app does not have) loaded their classes on the app's
 * main thread.
 */
public final class RouteFinders implements RouteFinder {
  /** Stands for a framework whose module has no finder. */
  private static final RouteFinder NONE = new None();

  private final List<InstrumentationModule> modules;
  private final Map<String, List<String>> inner = new HashMap<>();
  private final Map<String, RouteFinder> byFramework = new ConcurrentHashMap<>();

  private RouteFinders(List<InstrumentationModule> modules) {
    this.modules = modules;
    for (InstrumentationModule m : modules) {
      if (m.runsInside() != null) {
        inner.computeIfAbsent(m.runsInside(), k -> new ArrayList<>()).add(m.name());
      }
    }
  }

  /** The finders of {@code modules}, each made when first asked for. */
  public static RouteFinder of(List<InstrumentationModule> modules) {
    return new RouteFinders(modules);
  }

  @Override
  public void find(String framework, Object table, Object request, RequestState state)
      throws Exception {
    String before = state == null ? null : state.template();
    finder(framework).find(framework, table, request, state);
    List<String> names = state == null ? null : inner.get(framework);
    for (int i = 0; names != null && i < names.size() && state.template() == before; i++) {
      finder(names.get(i)).find(names.get(i), table, request, state);
    }
  }

  private RouteFinder finder(String framework) {
    RouteFinder f = byFramework.get(framework);
    if (f == null) {
      f = finderOf(framework);
      RouteFinder raced = byFramework.putIfAbsent(framework, f);
      f = raced != null ? raced : f;
    }
    return f;
  }

  /** The first module of that name that has a finder, or {@link #NONE}. */
  private RouteFinder finderOf(String framework) {
    for (InstrumentationModule m : modules) {
      if (m.name().equals(framework)) {
        RouteFinder f = m.routeFinder();
        if (f != null) {
          return f;
        }
      }
    }
    return NONE;
  }

  private static final class None implements RouteFinder {
    @Override
    public void find(String framework, Object table, Object request, RequestState state) {}
  }
}
