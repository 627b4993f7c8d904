package dev.metricsagent.instrumentation.micronaut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RecordedEvents;
import dev.metricsagent.bridge.RequestState;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.uri.UriMatchTemplate;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.micronaut.web.router.UriRouteMatch;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Micronaut's router as the lister and the finder read it, through its public interfaces (a
 * router answering as {@code DefaultRouter} does, with Micronaut's own templates), and a request
 * recorded through the bridge as the advice drives it.
 */
class MicronautRouteListerTest {
  private static final List<String[]> ROUTES =
      List.of(
          new String[] {"GET", "/items/{id}"},
          new String[] {"HEAD", "/items/{id}"},
          new String[] {"GET", "/items/boom"},
          new String[] {"HEAD", "/items/boom"},
          new String[] {"POST", "/items"},
          new String[] {"HEAD", "/status"},
          new String[] {"DELETE", "/items/{id}"});

  @Test
  void theRoutesAreListedWithoutTheHeadTwinOfEachGet() {
    try (RecordedEvents recorder = RecordedEvents.install()) {
      new MicronautRouteLister().listRoutes(router(List.of(), List.of()));
      assertEquals(
          List.of(
              "+GET /items/{id}",
              "+GET /items/boom",
              "+POST /items",
              "+HEAD /status",
              "+DELETE /items/{id}"),
          recorder.events());
    }
  }

  @Test
  void anotherFrameworksTableIsNotListed() {
    assertThrows(IllegalStateException.class, () -> new MicronautRouteLister().listRoutes("x"));
  }

  @Test
  void aMethodNotAllowedIsNamedByTheMostSpecificRouteWhosePathMatched() {
    Router router = router(List.of(), List.of("/items/{id}", "/items/boom"));
    assertEquals(List.of("DELETE /items/boom 405"), recordedEnd(router, "DELETE", 405));
  }

  @Test
  void aRequestAnsweredBeforeRoutingIsNamedByTheRouteItWouldHaveMatched() {
    Router router = router(List.of("/items/{id}"), List.of("/items/{id}"));
    assertEquals(List.of("GET /items/{id} 401"), recordedEnd(router, "GET", 401));
  }

  @Test
  void noRouteLeavesItUnmatchedAndAPlain404IsNotLookedUp() {
    assertEquals(List.of("GET null 401"), recordedEnd(router(List.of(), List.of()), "GET", 401));
    Router any = router(List.of("/items/{id}"), List.of("/items/{id}"));
    assertEquals(List.of("GET null 404"), recordedEnd(any, "GET", 404));
  }

  @Test
  void literalCharactersAreThoseOutsideVariables() {
    assertEquals(7, MicronautRouteFinder.literalLength("/items/{id}"));
    assertEquals(11, MicronautRouteFinder.literalLength("/items/boom"));
    assertEquals(2, MicronautRouteFinder.literalLength("/{a:[0-9]{2}}/"));
  }

  /** A request started, answered with {@code status} and ended as the advice does it. */
  private static List<String> recordedEnd(Router router, String method, int status) {
    try (RecordedEvents recorder = RecordedEvents.install()) {
      HttpRequest<?> request = proxy(HttpRequest.class, Map.of("getMethodName", method));
      RequestState s = ReactiveRequests.start(request, method, "", null);
      ReactiveRequests.responseStatus(s, status);
      ReactiveRequests.endWritten(s, MicronautModule.NAME, router);
      ReactiveRequests.endWritten(s, MicronautModule.NAME, router); // a second end: ignored
      return recorder.events();
    }
  }

  private static Router router(List<String> closest, List<String> any) {
    return proxy(
        Router.class,
        Map.of(
            "uriRoutes",
            ROUTES.stream().map(r -> info(r[0], r[1])),
            "findAllClosest",
            closest.stream().map(MicronautRouteListerTest::match).toList(),
            "findAny",
            any.stream().map(MicronautRouteListerTest::match).toList()));
  }

  private static UriRouteInfo<?, ?> info(String method, String template) {
    return proxy(
        UriRouteInfo.class,
        Map.of("getHttpMethodName", method, "getUriMatchTemplate", UriMatchTemplate.of(template)));
  }

  private static UriRouteMatch<?, ?> match(String template) {
    return proxy(UriRouteMatch.class, Map.of("getRouteInfo", info("GET", template)));
  }

  /** An instance of {@code type} answering the named no-argument or one-argument methods. */
  private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
    return type.cast(
        Proxy.newProxyInstance(
            MicronautRouteListerTest.class.getClassLoader(),
            new Class<?>[] {type},
            (p, m, args) -> {
              if (!answers.containsKey(m.getName())) {
                throw new UnsupportedOperationException(m.getName());
              }
              return answers.get(m.getName());
            }));
  }
}
