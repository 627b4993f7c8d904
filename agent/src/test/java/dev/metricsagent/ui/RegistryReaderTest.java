package dev.metricsagent.ui;

import dev.metricsagent.core.HttpMetricsOptions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.config.AgentConfig;
import dev.metricsagent.core.HttpMetrics;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The reader on the agent's real metrics: the figures are the registry's, exactly. */
class RegistryReaderTest {
  private final PrometheusProperties props = PrometheusProperties.builder().build();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final HttpMetrics metrics =
      new HttpMetrics(props, registry, HttpMetricsOptions.DEFAULTS.withExemplars(false));
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final RegistryReader reader = new RegistryReader(registry, clock::get);

  private static Map<String, Integer> ids(Snapshot s) {
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i < s.samples.length; i++) {
      out.put(s.routes[i].key, i);
    }
    return out;
  }

  @Test
  void readsCountsStatusClassesBucketsAndTheInventory() {
    metrics.routeAdded("GET", "/products/:id");
    metrics.routeAdded("POST", "/products");
    metrics.routeAdded("DELETE", "/products/:id");
    metrics.record("GET", "/products/:id", 200, 3_000_000L); // 3 ms
    metrics.record("GET", "/products/:id", 404, 30_000_000L); // 30 ms
    metrics.record("GET", "/products/:id", 500, 2_000_000_000L); // 2 s
    metrics.record("POST", "/products", 201, 1_000_000L);
    metrics.record("GET", null, 404, 1_000_000L); // unmatched

    Snapshot s = reader.read();
    assertEquals(1_000_000, s.atMillis);
    assertEquals(AgentConfig.DEFAULT_BUCKETS.length + 1, s.upperBounds.length);
    assertEquals(Double.POSITIVE_INFINITY, s.upperBounds[s.upperBounds.length - 1]);
    Map<String, Integer> ids = ids(s);
    RouteSample get = s.sample(ids.get("GET /products/:id"));
    assertEquals(3, get.total);
    assertEquals(1, get.client);
    assertEquals(1, get.server);
    assertEquals(3, get.observations());
    long[] expected = new long[s.upperBounds.length];
    expected[0] = 1; // <= 5 ms
    expected[3] = 1; // (25 ms, 50 ms]
    expected[8] = 1; // (1 s, 2.5 s]
    assertArrayEquals(expected, get.buckets);
    assertTrue(s.registered(ids.get("GET /products/:id")));
    assertTrue(s.registered(ids.get("DELETE /products/:id")));
    assertEquals(0, s.sample(ids.get("DELETE /products/:id")).total); // at zero, there
    int unmatched = ids.get("GET unmatched");
    assertFalse(s.registered(unmatched));
    assertEquals(1, s.sample(unmatched).client);
  }

  @Test
  void anUnchangedRouteSharesItsSampleAndIdsStay() {
    metrics.record("GET", "/a", 200, 1_000_000L);
    metrics.record("GET", "/b", 200, 1_000_000L);
    Snapshot first = reader.read();
    metrics.record("GET", "/b", 200, 1_000_000L);
    metrics.record("GET", "/c", 200, 1_000_000L);
    clock.addAndGet(5_000);
    Snapshot second = reader.read();
    Map<String, Integer> ids = ids(second);
    assertEquals(ids(first).get("GET /a"), ids.get("GET /a"));
    assertSame(first.sample(ids.get("GET /a")), second.sample(ids.get("GET /a")));
    assertNotSame(first.sample(ids.get("GET /b")), second.sample(ids.get("GET /b")));
    assertEquals(2, first.samples.length); // the older snapshot keeps its shorter view
    assertEquals(3, second.samples.length);
    Increase c = Increase.over(java.util.Arrays.asList(first, second), 0, ids.get("GET /c"));
    assertEquals(1, c.total);
  }

  @Test
  void processFiguresComeFromTheJvmCollectors() {
    ProcessMetrics.builder(props).register(registry);
    JvmMemoryMetrics.builder(props).register(registry);
    JvmThreadsMetrics.builder(props).register(registry);
    JvmGarbageCollectorMetrics.builder(props).register(registry);
    ProcessSample p = reader.read().process;
    assertTrue(p.cpuSeconds > 0, "cpu " + p.cpuSeconds);
    assertTrue(p.residentBytes > 0, "rss " + p.residentBytes);
    assertTrue(p.startTimeSeconds > 1e9, "start " + p.startTimeSeconds);
    assertTrue(p.heapUsedBytes > 0, "heap " + p.heapUsedBytes);
    assertTrue(p.jvmThreads > 0, "threads " + p.jvmThreads);
    assertTrue(p.gcSeconds >= 0, "gc " + p.gcSeconds);
  }

  @Test
  void theRingIsBounded() {
    Sampler sampler = new Sampler(reader, clock.get());
    metrics.record("GET", "/a", 200, 1_000_000L);
    for (int i = 0; i < Sampler.KEPT + 30; i++) {
      clock.addAndGet(Sampler.STEP_MILLIS);
      metrics.record("GET", "/a", 200, 1_000_000L);
      sampler.tick();
    }
    assertEquals(Sampler.KEPT, sampler.kept());
    View v = sampler.view(null);
    RouteRow a = v.rows.get(0);
    assertEquals(Sampler.KEPT + 31, a.total);
    // one request per 5 s step, and the live reading adds none: 12 in the last minute
    assertEquals(0.2, a.rate1m, 1e-9);
    assertEquals(0.2, a.rate5m, 1e-9);
    assertEquals(60, a.requests5m);
    History.Series chart = v.chart;
    assertEquals(Sampler.KEPT + 30, chart.at.length);
    assertEquals(0.2f, chart.rate[chart.rate.length - 1], 1e-6f);
    assertEquals("GET /a", sampler.view("GET /a").selected);
    assertEquals(null, sampler.view("GET /nope").selected);
  }
}
