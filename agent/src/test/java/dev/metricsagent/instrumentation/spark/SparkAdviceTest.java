package dev.metricsagent.instrumentation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.RecordedEvents;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.instrumentation.spark.MatcherFilterInstrumentation.RequestAdvice;
import dev.metricsagent.instrumentation.spark.RoutesInstrumentation.AddAdvice;
import dev.metricsagent.instrumentation.spark.RoutesInstrumentation.ClearAdvice;
import dev.metricsagent.instrumentation.spark.RoutesInstrumentation.FindAdvice;
import dev.metricsagent.instrumentation.spark.RoutesInstrumentation.RemoveAdvice;
import dev.metricsagent.instrumentation.spark.StaticFilesInstrumentation.ConsumeAdvice;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import spark.RouteImpl;
import spark.route.HttpMethod;
import spark.route.Routes;

/**
 * The Spark advice called as the plain static methods it is, in the order Spark's woven methods
 * call it, against a real Spark route table; the weaving itself is tested in {@code
 * AdviceWeaverTest} and the child-JVM ITs.
 */
class SparkAdviceTest {
  private final RecordedEvents recorder = RecordedEvents.install();
  private final Routes routes = Routes.create();

  SparkAdviceTest() {
    routes.add(HttpMethod.get, RouteImpl.create("/products/:id", (req, res) -> "p"));
    routes.add(HttpMethod.post, RouteImpl.create("/products", (req, res) -> "p"));
  }

  @AfterEach
  void removeRecorder() {
    recorder.close();
  }

  @Test
  void aRoutedRequestIsRecordedOnceWithItsTemplateAndStatus() {
    RequestState s = RequestAdvice.enter();
    FindAdvice.exit(routes, HttpMethod.get, routes.find(HttpMethod.get, "/products/7", "*/*"));
    RequestAdvice.exit(s, request("GET", "/products/7"), response(200, false), routes, null);
    assertEquals(List.of("get /products/:id 200"), recorder.events());
  }

  @Test
  void aRequestHaltedBeforeRoutingGetsTheRouteSparkWouldHaveMatched() {
    RequestState s = RequestAdvice.enter();
    RequestAdvice.exit(s, request("GET", "/products/7"), response(401, true), routes, null);
    assertEquals(List.of("get /products/:id 401"), recorder.events());
  }

  @Test
  void theLateLookupFollowsMethodOverrideAndHeadAsGet() {
    RequestState s = RequestAdvice.enter();
    HttpServletRequest post = request("GET", "/products", "X-HTTP-Method-Override", "POST");
    RequestAdvice.exit(s, post, response(403, true), routes, null);
    s = RequestAdvice.enter();
    RequestAdvice.exit(s, request("HEAD", "/products/1"), response(401, true), routes, null);
    // HEAD is looked up again as GET, and keeps its own method
    assertEquals(List.of("post /products 403", "head /products/:id 401"), recorder.events());
  }

  @Test
  void noRouteIsUnmatched() {
    RequestState s = RequestAdvice.enter();
    RequestAdvice.exit(s, request("GET", "/nothing"), response(404, true), routes, null);
    assertEquals(List.of("GET null 404"), recorder.events());
  }

  @Test
  void anExceptionEscapingSparkIsTheContainers500UnlessAStatusWasSent() {
    RuntimeException boom = new RuntimeException("boom");
    RequestState s = RequestAdvice.enter();
    RequestAdvice.exit(s, request("GET", "/products/1"), response(200, false), routes, boom);
    s = RequestAdvice.enter();
    RequestAdvice.exit(s, request("GET", "/products/1"), response(202, true), routes, boom);
    assertEquals(List.of("get /products/:id 500", "get /products/:id 202"), recorder.events());
  }

  @Test
  void theTraceparentIsReadOnlyWhenWanted() {
    HttpServletRequest traced = request("GET", "/nothing", "traceparent", "00-abc-def-01");
    RequestAdvice.exit(RequestAdvice.enter(), traced, response(404, true), routes, null);
    recorder.wantTraceparent();
    RequestAdvice.exit(RequestAdvice.enter(), traced, response(404, true), routes, null);
    assertEquals(List.of("GET null 404", "GET null 404 tp=00-abc-def-01"), recorder.events());
  }

  @Test
  void aLostEnterStillRecordsNothingHarmful() {
    // enter failed (suppressed): the exit gets null and must neither throw nor record twice
    RequestAdvice.exit(null, request("GET", "/products/1"), response(200, true), routes, null);
    assertEquals(List.of(), recorder.events());
  }

  @Test
  void routeRegistrationsFeedTheInventory() {
    AddAdvice.exit(HttpMethod.get, "/a");
    AddAdvice.exit(HttpMethod.before, "/a"); // a filter: the core ignores it
    AddAdvice.exit(null, "/b");
    RemoveAdvice.exit(HttpMethod.get, "/a", true);
    RemoveAdvice.exit(HttpMethod.get, "/zzz", false);
    RemoveAdvice.exit(null, "/c", true);
    ClearAdvice.exit();
    assertEquals(
        List.of("+get /a", "+before /a", "+null /b", "-get /a", "-null /c", "clear"),
        recorder.events());
  }

  @Test
  void staticFilesAnswerAsStatic() {
    RequestState s = RequestAdvice.enter();
    ConsumeAdvice.exit(false);
    ConsumeAdvice.exit(true);
    RequestAdvice.exit(s, request("GET", "/logo.png"), response(200, true), routes, null);
    assertEquals(List.of("GET " + Requests.STATIC_RESOURCE + " 200"), recorder.events());
  }

  private static HttpServletRequest request(String method, String uri, String... headers) {
    Map<String, String> h = new HashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], headers[i + 1]);
    }
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            SparkAdviceTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (p, m, a) ->
                switch (m.getName()) {
                  case "getMethod" -> method;
                  case "getRequestURI" -> uri;
                  case "getHeader" -> h.get((String) a[0]);
                  default -> null;
                });
  }

  private static HttpServletResponse response(int status, boolean committed) {
    return (HttpServletResponse)
        Proxy.newProxyInstance(
            SparkAdviceTest.class.getClassLoader(),
            new Class<?>[] {HttpServletResponse.class},
            (p, m, a) ->
                switch (m.getName()) {
                  case "getStatus" -> status;
                  case "isCommitted" -> committed;
                  default -> null;
                });
  }
}
