package dev.metricsagent.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge's per-thread protocol, driven the way the advice drives it. */
class BridgeTest {
  private final List<String> recorded = new ArrayList<>();

  @BeforeEach
  void install() {
    Bridge.setRecorder((m, t, s, d) -> recorded.add(m + " " + t + " " + s + (d >= 0 ? "" : " negative")));
  }

  @AfterEach
  void uninstall() {
    Bridge.setRecorder(null);
  }

  @Test
  void oneRequestWithARoute() {
    long start = Bridge.requestStart();
    Bridge.routeFound("get", "/products/:id");
    Bridge.requestEnd(start, "GET", 200);
    assertEquals(List.of("get /products/:id 200"), recorded);
  }

  @Test
  void headFallsBackToTheGetRouteButKeepsItsMethod() {
    long start = Bridge.requestStart();
    Bridge.routeFound("head", null);
    Bridge.routeFound("get", "/hello");
    Bridge.requestEnd(start, "HEAD", 200);
    assertEquals(List.of("head /hello 200"), recorded);
  }

  @Test
  void noLookupMeansTheRequestMethodAndNoTemplate() {
    long start = Bridge.requestStart();
    Bridge.requestEnd(start, "GET", 401);
    assertEquals(List.of("GET null 401"), recorded);
  }

  @Test
  void nestedHandlingRecordsOnceWithTheOuterTemplate() {
    long outer = Bridge.requestStart();
    Bridge.routeFound("get", "/outer");
    long inner = Bridge.requestStart();
    Bridge.routeFound("get", "/inner");
    Bridge.requestEnd(inner, "GET", 200);
    Bridge.requestEnd(outer, "GET", 200);
    assertEquals(List.of("get /outer 200"), recorded);
  }

  @Test
  void stateDoesNotLeakIntoTheNextRequest() {
    long a = Bridge.requestStart();
    Bridge.routeFound("post", "/a");
    Bridge.requestEnd(a, "POST", 201);
    long b = Bridge.requestStart();
    Bridge.requestEnd(b, "GET", 404);
    assertEquals(List.of("post /a 201", "GET null 404"), recorded);
  }

  @Test
  void lookupsAndExitsOutsideARequestAreIgnored() {
    // a request already in flight when the agent attached: only the woven tail runs
    Bridge.routeFound("get", "/x");
    Bridge.requestEnd(System.nanoTime(), "GET", 200);
    Bridge.staticResourceServed();
    assertTrue(recorded.isEmpty(), recorded.toString());
    long s = Bridge.requestStart();
    Bridge.requestEnd(s, "GET", 404);
    assertEquals(List.of("GET null 404"), recorded);
  }

  @Test
  void staticResource() {
    long s = Bridge.requestStart();
    Bridge.staticResourceServed();
    Bridge.requestEnd(s, "GET", 200);
    assertEquals(List.of("GET " + Bridge.STATIC_RESOURCE + " 200"), recorded);
  }

  @Test
  void aFailingRecorderNeverThrowsIntoTheHost() {
    Bridge.setRecorder(
        (m, t, s, d) -> {
          throw new IllegalStateException("boom");
        });
    long s = Bridge.requestStart();
    Bridge.requestEnd(s, "GET", 200);
    s = Bridge.requestStart();
    Bridge.requestEnd(s, "GET", 200); // and the thread's state is still balanced
    install();
    s = Bridge.requestStart();
    Bridge.routeFound("get", "/ok");
    Bridge.requestEnd(s, "GET", 200);
    assertEquals(List.of("get /ok 200"), recorded);
  }
}
