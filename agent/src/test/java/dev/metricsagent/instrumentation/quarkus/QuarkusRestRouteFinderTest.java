package dev.metricsagent.instrumentation.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The path RESTEasy maps for a request Quarkus refused before it: after the REST path. */
class QuarkusRestRouteFinderTest {
  @Test
  void thePathAfterTheDeploymentsPrefix() {
    assertEquals("/items/1", QuarkusRestRouteFinder.withoutPrefix("/items/1", "/"));
    assertEquals("/items/1", QuarkusRestRouteFinder.withoutPrefix("/items/1", ""));
    assertEquals("/items/1", QuarkusRestRouteFinder.withoutPrefix("/api/items/1", "/api"));
    assertEquals("/items/1", QuarkusRestRouteFinder.withoutPrefix("/api/items/1", "/api/"));
    assertEquals("/", QuarkusRestRouteFinder.withoutPrefix("/api", "/api"));
    assertNull(QuarkusRestRouteFinder.withoutPrefix("/apix/items", "/api"));
    assertNull(QuarkusRestRouteFinder.withoutPrefix("/q/metrics", "/api"));
  }
}
