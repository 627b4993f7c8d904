package dev.metricsagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.RouteFinder;
import dev.metricsagent.bridge.Requests;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A module that runs inside another's routes (Quarkus REST in Vert.x Web) is asked for a route
 * only when the outer module's finder found none, with the outer module's arguments.
 */
class RouteFindersTest {
  private final List<String> asked = new ArrayList<>();

  private InstrumentationModule module(String name, String inside, String finds) {
    return new InstrumentationModule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<TypeInstrumentation> types() {
        return Collections.emptyList();
      }

      @Override
      public List<Reference> references() {
        return Collections.emptyList();
      }

      @Override
      public String runsInside() {
        return inside;
      }

      @Override
      public RouteFinder routeFinder() {
        return (framework, table, request, state) -> {
          asked.add(name + " as " + framework + " with " + request);
          if (finds != null) {
            Requests.routeFoundLate(state, "GET", finds);
          }
        };
      }
    };
  }

  private static RequestState refused() {
    return ReactiveRequests.start(new Object(), "GET", null, null);
  }

  @Test
  void theInnerModulesFinderIsAskedWhenTheOuterFindsNothing() throws Exception {
    RouteFinder f =
        RouteFinders.of(
            Arrays.asList(
                module("vertx", null, null), module("quarkus-rest", "vertx", "/items/{id}")));
    RequestState s = refused();
    f.find("vertx", null, "ctx", s);
    assertEquals("/items/{id}", s.template());
    assertEquals(
        List.of("vertx as vertx with ctx", "quarkus-rest as quarkus-rest with ctx"), asked);
  }

  @Test
  void theOuterModulesRouteWins() throws Exception {
    RouteFinder f =
        RouteFinders.of(
            Arrays.asList(
                module("vertx", null, "/rr/ping"), module("quarkus-rest", "vertx", "/x")));
    RequestState s = refused();
    f.find("vertx", null, "ctx", s);
    assertEquals("/rr/ping", s.template());
    assertEquals(List.of("vertx as vertx with ctx"), asked);
    f.find("quarkus-rest", "mappers", "request", refused()); // its own lookups: its finder alone
    assertEquals("quarkus-rest as quarkus-rest with request", asked.get(1));
  }
}
