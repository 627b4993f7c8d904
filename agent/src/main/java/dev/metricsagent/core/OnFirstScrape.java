package dev.metricsagent.core;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Collectors registered when the first scrape asks for them rather than at start-up: building
 * the JVM and process collectors loads the management classes, CPU the app's own start-up needs
 * more on a small machine. The first scrape pays it once (and sees complete metrics). A scrape
 * whose name filter is {@link IfBuilt} (the live page's background readings) reads them only once
 * something else built them, so a reading taken while the app is still starting adds nothing.
 */
public final class OnFirstScrape implements MultiCollector {
  /** A name filter that does not build the collectors: an unbuilt one contributes nothing. */
  public interface IfBuilt {}

  private static final MetricSnapshots NONE = new MetricSnapshots();

  private final Consumer<PrometheusRegistry> register;
  private volatile PrometheusRegistry inner;

  /** @param register registers the collectors into the registry it is given; may throw */
  public OnFirstScrape(Consumer<PrometheusRegistry> register) {
    this.register = register;
  }

  private PrometheusRegistry inner() {
    PrometheusRegistry r = inner;
    if (r == null) {
      synchronized (this) {
        r = inner;
        if (r == null) {
          r = new PrometheusRegistry();
          register.accept(r);
          inner = r;
        }
      }
    }
    return r;
  }

  @Override
  public MetricSnapshots collect() {
    return inner().scrape();
  }

  @Override
  public MetricSnapshots collect(PrometheusScrapeRequest request) {
    return inner().scrape(request);
  }

  @Override
  public MetricSnapshots collect(Predicate<String> includedNames) {
    if (inner == null && includedNames instanceof IfBuilt) {
      return NONE;
    }
    return inner().scrape(includedNames);
  }

  @Override
  public MetricSnapshots collect(
      Predicate<String> includedNames, PrometheusScrapeRequest request) {
    if (inner == null && includedNames instanceof IfBuilt) {
      return NONE;
    }
    return inner().scrape(includedNames, request);
  }
}
