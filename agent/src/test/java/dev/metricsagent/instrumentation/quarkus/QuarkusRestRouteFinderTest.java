package dev.metricsagent.instrumentation.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RequestState;
import org.junit.jupiter.api.Test;

/**
 * The path RESTEasy maps for a request Quarkus refused before it: after the REST path; a Vert.x
 * app without Quarkus REST is left alone, without an error.
 */
class QuarkusRestRouteFinderTest {
  @Test
  void aVertxRequestWithoutQuarkusRestIsLeftUnnamed() throws Exception {
    RequestState s = ReactiveRequests.start(new Object(), "GET", null, null);
    new QuarkusRestRouteFinder().find("quarkus-rest", null, new Object(), s);
    assertNull(s.template());
  }

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
