package dev.metricsagent.exporter;

import dev.metricsagent.config.AgentConfig;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Each counter's, histogram's and summary's start (created) timestamp in OpenMetrics ({@code
 * _created} lines) and protobuf scrapes, on by default ({@code start_timestamps}); the classic
 * text format has no place for them and stays as it was. The client always writes them in
 * protobuf and writes them in OpenMetrics (and, as extra gauges, in the text format) when its
 * exporter property says so; the served registry ({@link #served}) keeps them out of the text
 * format always, and out of every format with {@code start_timestamps=false}.
 */
public final class StartTimestamps {
  private StartTimestamps() {}

  /** The client properties the agent builds (never the host's): OpenMetrics {@code _created}. */
  public static PrometheusProperties properties(boolean on) {
    return PrometheusProperties.builder()
        .exporterProperties(ExporterProperties.builder().includeCreatedTimestamps(on).build())
        .build();
  }

  /**
   * The registry the exporter serves: {@code registry} as it is for OpenMetrics and protobuf
   * scrapes, and without start timestamps for the classic text format (whose writer would add
   * them as separate {@code _created} gauges) or for every format when they are off.
   */
  public static PrometheusRegistry served(PrometheusRegistry registry, AgentConfig config) {
    PrometheusRegistry served = new PrometheusRegistry();
    served.register(new Served(registry, config.startTimestamps()));
    return served;
  }

  /** Whether a scrape is answered in the classic text format: as the client negotiates it. */
  static boolean classicText(PrometheusScrapeRequest request) {
    if (!(request instanceof PrometheusHttpRequest)) {
      return false;
    }
    PrometheusHttpRequest http = (PrometheusHttpRequest) request;
    String debug = http.getParameter("debug");
    if (debug != null) {
      return "text".equals(debug);
    }
    return Formats.ALL.findWriter(http.getHeader("Accept")) instanceof PrometheusTextFormatWriter;
  }

  /**
   * The client's writers, built at the first scrape: building them at launch (the properties'
   * defaults, the protobuf writer found by reflection) was ~20 ms of the agent thread's CPU while
   * the app starts, for a negotiation only a scrape needs.
   */
  private static final class Formats {
    static final ExpositionFormats ALL = ExpositionFormats.init();
  }

  /**
   * The whole of a registry as one collector of the served registry, without start timestamps
   * where they do not belong. (A collector, not a subclass: the registry is the client's class.)
   */
  static final class Served implements MultiCollector {
    private final PrometheusRegistry registry;
    private final boolean on;

    Served(PrometheusRegistry registry, boolean on) {
      this.registry = registry;
      this.on = on;
    }

    @Override
    public MetricSnapshots collect() {
      return on ? registry.scrape() : strip(registry.scrape());
    }

    @Override
    public MetricSnapshots collect(PrometheusScrapeRequest request) {
      MetricSnapshots s = registry.scrape(request);
      return on && !classicText(request) ? s : strip(s);
    }

    @Override
    public MetricSnapshots collect(Predicate<String> includedNames) {
      return on ? registry.scrape(includedNames) : strip(registry.scrape(includedNames));
    }

    @Override
    public MetricSnapshots collect(
        Predicate<String> includedNames, PrometheusScrapeRequest request) {
      MetricSnapshots s = registry.scrape(includedNames, request);
      return on && !classicText(request) ? s : strip(s);
    }
  }

  static MetricSnapshots strip(MetricSnapshots in) {
    List<MetricSnapshot> out = new ArrayList<MetricSnapshot>(in.size());
    for (MetricSnapshot s : in) {
      out.add(strip(s));
    }
    return new MetricSnapshots(out);
  }

  private static MetricSnapshot strip(MetricSnapshot s) {
    if (s instanceof CounterSnapshot) {
      List<CounterDataPointSnapshot> d = new ArrayList<CounterDataPointSnapshot>();
      for (CounterDataPointSnapshot p : ((CounterSnapshot) s).getDataPoints()) {
        d.add(new CounterDataPointSnapshot(p.getValue(), p.getLabels(), p.getExemplar(), 0));
      }
      return new CounterSnapshot(s.getMetadata(), d);
    }
    if (s instanceof HistogramSnapshot) {
      HistogramSnapshot h = (HistogramSnapshot) s;
      List<HistogramDataPointSnapshot> d = new ArrayList<HistogramDataPointSnapshot>();
      for (HistogramDataPointSnapshot p : h.getDataPoints()) {
        double sum = p.hasSum() ? p.getSum() : Double.NaN;
        d.add(
            p.hasNativeHistogramData()
                ? new HistogramDataPointSnapshot(
                    p.getClassicBuckets(), p.getNativeSchema(), p.getNativeZeroCount(),
                    p.getNativeZeroThreshold(), p.getNativeBucketsForPositiveValues(),
                    p.getNativeBucketsForNegativeValues(), sum, p.getLabels(), p.getExemplars(), 0)
                : new HistogramDataPointSnapshot(
                    p.getClassicBuckets(), sum, p.getLabels(), p.getExemplars(), 0));
      }
      return new HistogramSnapshot(h.isGaugeHistogram(), s.getMetadata(), d);
    }
    if (s instanceof SummarySnapshot) {
      List<SummaryDataPointSnapshot> d = new ArrayList<SummaryDataPointSnapshot>();
      for (SummaryDataPointSnapshot p : ((SummarySnapshot) s).getDataPoints()) {
        d.add(
            new SummaryDataPointSnapshot(
                p.hasCount() ? p.getCount() : -1, p.hasSum() ? p.getSum() : Double.NaN,
                p.getQuantiles(), p.getLabels(), p.getExemplars(), 0));
      }
      return new SummarySnapshot(s.getMetadata(), d);
    }
    return s;
  }
}
