package dev.metricsagent.exporter;

import dev.metricsagent.config.AgentConfig;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.config.PrometheusProperties;
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
 * protobuf and writes them in OpenMetrics when its exporter property says so; with {@code
 * start_timestamps=false} the served registry leaves them out of both.
 */
public final class StartTimestamps {
  private StartTimestamps() {}

  /** The client properties the agent builds (never the host's): OpenMetrics {@code _created}. */
  public static PrometheusProperties properties(boolean on) {
    return PrometheusProperties.builder()
        .exporterProperties(ExporterProperties.builder().includeCreatedTimestamps(on).build())
        .build();
  }

  /** The registry the exporter serves: {@code registry}, or a view of it without them. */
  public static PrometheusRegistry served(PrometheusRegistry registry, AgentConfig config) {
    return config.startTimestamps() ? registry : new Without(registry);
  }

  /** A scrape of {@code registry} with every start timestamp removed. */
  static final class Without extends PrometheusRegistry {
    private final PrometheusRegistry registry;

    Without(PrometheusRegistry registry) {
      this.registry = registry;
    }

    @Override
    public MetricSnapshots scrape() {
      return strip(registry.scrape());
    }

    @Override
    public MetricSnapshots scrape(PrometheusScrapeRequest request) {
      return strip(registry.scrape(request));
    }

    @Override
    public MetricSnapshots scrape(Predicate<String> includedNames) {
      return strip(registry.scrape(includedNames));
    }

    @Override
    public MetricSnapshots scrape(
        Predicate<String> includedNames, PrometheusScrapeRequest request) {
      return strip(registry.scrape(includedNames, request));
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
