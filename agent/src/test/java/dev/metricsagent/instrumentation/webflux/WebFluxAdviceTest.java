package dev.metricsagent.instrumentation.webflux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.path;
import static org.springframework.web.reactive.function.server.RouterFunctions.nest;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.RecordedEvents;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.resource.ResourceWebHandler;
import reactor.core.publisher.Mono;

/**
 * The WebFlux advice called as the plain static methods it is, in the order WebFlux reaches it
 * (exchange created, a mapping matched, the handling ended), against a real WebFlux context
 * ({@code @EnableWebFlux}, one controller, functional routes) and Spring's mock exchanges: the
 * late lookup for a request a filter answered and for a 405, one record per request, WebFlux
 * inside a servlet container's request. Weaving and Boot itself: {@code WebFlux35IT}.
 */
class WebFluxAdviceTest {
  private static AnnotationConfigApplicationContext app;
  private final RecordedEvents recorder = RecordedEvents.install();

  @RestController
  static class Items {
    @GetMapping("/items/{id}")
    Mono<String> item(@PathVariable long id) {
      return Mono.just("item");
    }

    @PostMapping("/items/new")
    Mono<String> create() {
      return Mono.just("created");
    }
  }

  @Configuration
  @EnableWebFlux
  static class Config {
    @Bean
    Items items() {
      return new Items();
    }

    @Bean
    RouterFunction<ServerResponse> functional() {
      return nest(path("/fn"), route(GET("/hello/{name}"), r -> ServerResponse.ok().build()));
    }
  }

  @BeforeAll
  static void startSpring() {
    app = new AnnotationConfigApplicationContext(Config.class);
  }

  @AfterAll
  static void stopSpring() {
    app.close();
  }

  @AfterEach
  void uninstall() {
    recorder.close();
  }

  /** The exchange of a request as WebFlux creates it, started by the start advice. */
  private static MockServerWebExchange started(MockServerHttpRequest.BaseBuilder<?> request) {
    MockServerWebExchange exchange =
        MockServerWebExchange.builder(request).applicationContext(app).build();
    WebFluxStartAdvice.exit(new Object(), exchange);
    return exchange;
  }

  private static ServerRequestObservationContext observed(MockServerWebExchange exchange) {
    return new ServerRequestObservationContext(
        exchange.getRequest(), exchange.getResponse(), exchange.getAttributes());
  }

  private static void end(MockServerWebExchange exchange, HttpStatus status) {
    exchange.getResponse().setStatusCode(status);
    WebFluxEndAdvice.exit(observed(exchange));
  }

  @Test
  void aMatchedRouteNamesTheRequestJoinedToTheBasePath() {
    MockServerWebExchange exchange =
        started(MockServerHttpRequest.get("/api/items/7").contextPath("/api"));
    WebFluxRouteAdvice.exit(observed(exchange), "/items/{id}");
    end(exchange, HttpStatus.OK);
    assertEquals(List.of("GET /api/items/{id} 200"), recorder.events());
  }

  @Test
  void aRequestAFilterRefusedKeepsTheRouteItStoodInFrontOfAndTheLookupLeavesNoTrace() {
    MockServerWebExchange exchange = started(MockServerHttpRequest.get("/fn/hello/bob"));
    ServerRequestObservationContext springs = observed(exchange); // as HttpWebHandlerAdapter does
    exchange.getAttributes()
        .put(ServerRequestObservationContext.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, springs);
    Set<String> before = new HashSet<>(exchange.getAttributes().keySet());
    end(exchange, HttpStatus.UNAUTHORIZED);
    assertEquals(List.of("GET /fn/hello/{name} 401"), recorder.events());
    assertEquals(before, exchange.getAttributes().keySet());
    assertNull(springs.getPathPattern(), "Spring's own observation saw the lookup");
  }

  @Test
  void aMethodNotAllowedIsCountedUnderTheRouteWhosePathMatched() {
    MockServerWebExchange exchange = started(MockServerHttpRequest.put("/items/new"));
    end(exchange, HttpStatus.METHOD_NOT_ALLOWED);
    // PUT /items/new: GET /items/{id} and POST /items/new match the path; the literal wins
    assertEquals(List.of("PUT /items/new 405"), recorder.events());
  }

  @Test
  void aPathNoRouteMatchesIsUnmatchedWithoutALookup() {
    MockServerWebExchange exchange = started(MockServerHttpRequest.get("/nothing/here"));
    end(exchange, HttpStatus.NOT_FOUND);
    assertEquals(List.of("GET null 404"), recorder.events());
  }

  @Test
  void aCancelAfterTheCompletionIsNotASecondRequest() {
    MockServerWebExchange exchange = started(MockServerHttpRequest.get("/items/7"));
    WebFluxRouteAdvice.exit(observed(exchange), "/items/{id}");
    end(exchange, HttpStatus.OK);
    WebFluxEndAdvice.exit(observed(exchange));
    WebFluxErrorAdvice.exit(observed(exchange), new IllegalStateException("late"));
    assertEquals(List.of("GET /items/{id} 200"), recorder.events());
  }

  @Test
  void anErrorAfterTheResponseWasCommittedKeepsItsStatus() {
    MockServerWebExchange exchange = started(MockServerHttpRequest.get("/items/7"));
    WebFluxRouteAdvice.exit(observed(exchange), "/items/{id}");
    exchange.getResponse().setStatusCode(HttpStatus.OK);
    WebFluxErrorAdvice.exit(observed(exchange), new IllegalStateException("stream broke"));
    assertEquals(List.of("GET /items/{id} 200"), recorder.events());
  }

  @Test
  void theStaticResourceHandlerIsStaticForAFileAndUnmatchedForNone() {
    for (HttpStatus status : new HttpStatus[] {HttpStatus.OK, HttpStatus.NOT_FOUND}) {
      MockServerWebExchange exchange = started(MockServerHttpRequest.get("/hello.txt"));
      exchange
          .getAttributes()
          .put(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE, new ResourceWebHandler());
      WebFluxRouteAdvice.exit(observed(exchange), "/**");
      end(exchange, status);
    }
    assertEquals(
        List.of("GET " + Requests.STATIC_RESOURCE + " 200", "GET null 404"), recorder.events());
  }

  @Test
  void insideAServletContainersRequestWebFluxOnlyNamesItUnderItsBasePath() {
    RequestState outer = Requests.start("");
    MockServerWebExchange exchange =
        started(MockServerHttpRequest.get("/api/items/7").contextPath("/api"));
    assertNull(exchange.getAttributes().get(ReactiveRequests.ATTRIBUTE));
    WebFluxRouteAdvice.exit(observed(exchange), "/items/{id}");
    end(exchange, HttpStatus.OK); // no own state: nothing recorded here
    outer.answered("GET", 200, true, null);
    Requests.end(outer, null, null);
    assertEquals(List.of("GET /api/items/{id} 200"), recorder.events());
  }

  @Test
  void insideAServletContainersRequestAMissingFileIsUnmatchedAndTheBasePath404CountsOnce() {
    RequestState outer = Requests.start("");
    MockServerWebExchange exchange = started(MockServerHttpRequest.get("/missing.txt"));
    exchange
        .getAttributes()
        .put(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE, new ResourceWebHandler());
    WebFluxRouteAdvice.exit(observed(exchange), "/**");
    MockServerHttpResponse refused = new MockServerHttpResponse();
    refused.setStatusCode(HttpStatus.NOT_FOUND);
    WebFluxBasePathAdvice.exit(System.nanoTime(), exchange.getRequest(), refused);
    outer.answered("GET", 404, true, null);
    Requests.end(outer, null, null);
    assertEquals(List.of("GET null 404"), recorder.events());
  }

  @Test
  void aPathOutsideTheBasePathIsUnmatched() {
    MockServerHttpRequest request = MockServerHttpRequest.get("/elsewhere").build();
    MockServerHttpResponse passedOn = new MockServerHttpResponse();
    WebFluxBasePathAdvice.exit(System.nanoTime(), request, passedOn); // no status yet: WebFlux's
    MockServerHttpResponse refused = new MockServerHttpResponse();
    refused.setStatusCode(HttpStatus.NOT_FOUND);
    WebFluxBasePathAdvice.exit(System.nanoTime(), request, refused);
    assertEquals(List.of("GET null 404"), recorder.events());
  }
}
