package dev.metricsagent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OnFirstScrapeTest {
  private static List<String> names(Iterable<MetricSnapshot> snapshots) {
    List<String> out = new ArrayList<>();
    snapshots.forEach(s -> out.add(s.getMetadata().getName()));
    return out;
  }

  @Test
  void collectorsAreBuiltOnceByTheFirstScrapeAndFilteredByName() {
    AtomicInteger built = new AtomicInteger();
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(
        new OnFirstScrape(
            r -> {
              built.incrementAndGet();
              Gauge.builder().name("early_a").register(r).set(1);
              Gauge.builder().name("early_b").register(r).set(2);
            }));
    assertEquals(0, built.get(), "nothing built at registration");
    assertEquals(List.of("early_a", "early_b"), names(registry.scrape()));
    assertEquals(List.of("early_b"), names(registry.scrape(n -> n.equals("early_b"))));
    assertEquals(1, built.get());
  }

  /** A name filter that builds nothing (the live page's background readings). */
  private static final class OnlyIfBuilt
      implements java.util.function.Predicate<String>, OnFirstScrape.IfBuilt {
    @Override
    public boolean test(String name) {
      return true;
    }
  }

  @Test
  void anIfBuiltScrapeLeavesTheCollectorsUnbuiltUntilAnotherScrapeBuildsThem() {
    AtomicInteger built = new AtomicInteger();
    PrometheusRegistry registry = new PrometheusRegistry();
    Gauge.builder().name("always").register(registry).set(3);
    registry.register(
        new OnFirstScrape(
            r -> {
              built.incrementAndGet();
              Gauge.builder().name("early_a").register(r).set(1);
            }));
    assertEquals(List.of("always"), names(registry.scrape(new OnlyIfBuilt())));
    assertEquals(0, built.get(), "an if-built scrape built the collectors");
    assertEquals(List.of("always", "early_a"), names(registry.scrape()));
    assertEquals(List.of("always", "early_a"), names(registry.scrape(new OnlyIfBuilt())));
    assertEquals(1, built.get());
  }
}
