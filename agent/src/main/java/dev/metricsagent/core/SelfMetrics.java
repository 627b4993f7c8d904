package dev.metricsagent.core;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the agent reports about itself, so that "why is there no route label?" is one query away:
 *
 * <ul>
 *   <li>{@code metrics_agent_instrumentation_info{stack, version, hook, status} 1} for every
 *       module that met its framework: {@code applied}, or {@code missing_member} (the module does
 *       not fit that version; {@link #coverage()} has the member);
 *   <li>{@code metrics_agent_series_dropped_total{reason}}: requests recorded under {@code
 *       overflow} because a cap was reached ({@code max_endpoints}, {@code max_exceptions}).
 * </ul>
 *
 * <p>Verdicts may arrive before the HTTP metrics exist (premain weaves while they are built), so
 * they are kept here and read at scrape time.
 */
public final class SelfMetrics {
  public static final String APPLIED = "applied";
  public static final String MISSING_MEMBER = "missing_member";

  /** Verdicts by stack, version and hook; at most a few dozen (modules times class loaders). */
  private final Map<String, Verdict> verdicts = new TreeMap<String, Verdict>();

  private volatile HttpMetrics metrics;

  /** A module's verdict in a class loader; the same (stack, version, hook) again is ignored. */
  public synchronized void instrumentation(
      String stack, String version, String hook, String missing) {
    String key = stack + ' ' + version + ' ' + hook;
    if (!verdicts.containsKey(key) && verdicts.size() < 256) {
      verdicts.put(key, new Verdict(stack, version, hook, missing));
    }
  }

  /** Registers both metrics; the dropped series are {@code metrics}' own counts. */
  public void register(PrometheusRegistry registry, HttpMetrics metrics) {
    this.metrics = metrics;
    registry.register(this::info);
    registry.register(this::dropped);
  }

  /** The verdicts so far, for the live page: "javalin 6.7.0: applied". */
  public synchronized List<Verdict> coverage() {
    return new ArrayList<Verdict>(verdicts.values());
  }

  private InfoSnapshot info() {
    InfoSnapshot.Builder b =
        InfoSnapshot.builder()
            .name("metrics_agent_instrumentation")
            .help(
                "Framework modules of the agent that met their framework, by stack, framework"
                    + " version, hooked type and status (applied, missing_member); 1 for each.");
    for (Verdict v : coverage()) {
      b.dataPoint(
          InfoDataPointSnapshot.builder()
              .labels(
                  Labels.of(
                      "stack", v.stack, "version", v.version, "hook", v.hook, "status", v.status()))
              .build());
    }
    return b.build();
  }

  private CounterSnapshot dropped() {
    HttpMetrics m = metrics;
    return CounterSnapshot.builder()
        .name("metrics_agent_series_dropped")
        .help(
            "Requests recorded under overflow instead of their own series because a cap was"
                + " reached, by cap (max_endpoints, max_exceptions).")
        .dataPoint(point("max_endpoints", m == null ? 0 : m.overEndpointCap()))
        .dataPoint(point("max_exceptions", m == null ? 0 : m.overExceptionCap()))
        .build();
  }

  private static CounterDataPointSnapshot point(String reason, long value) {
    return CounterDataPointSnapshot.builder().labels(Labels.of("reason", reason)).value(value).build();
  }

  /** One module in one framework version. */
  public static final class Verdict {
    public final String stack;
    public final String version;
    public final String hook;

    /** What the module found missing, or null when it applied. */
    public final String missing;

    Verdict(String stack, String version, String hook, String missing) {
      this.stack = stack;
      this.version = version;
      this.hook = hook;
      this.missing = missing;
    }

    public String status() {
      return missing == null ? APPLIED : MISSING_MEMBER;
    }

    /** As the live page shows it: {@code javalin 6.7.0: applied}. */
    @Override
    public String toString() {
      return stack + " " + version + ": "
          + (missing == null ? "applied" : "off, " + missing + " (" + hook + ")");
    }
  }
}
