package dev.metricsagent.testapps.webflux;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.path;
import static org.springframework.web.reactive.function.server.RouterFunctions.nest;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A WebFlux app on Reactor Netty, under the base path {@code /api}
 * (application.properties): annotated routes with path variables, a delayed answer, a stream of
 * server-sent events, functional routes (lambdas: their names must never be a route), a
 * WebFilter that refuses {@code /api/secure/**} without a token, an @ExceptionHandler, a
 * route's own 404, static files. Prints {@code webflux-app listening on http://localhost:<port>}
 * when ready.
 */
@SpringBootApplication
public class WebFluxApp {
  public static void main(String[] args) {
    SpringApplication.run(WebFluxApp.class, bootArgs(args));
  }

  /**
   * {@code --port P --host H}, as the demo app takes them (so scripts/bench can start this app
   * too), become Boot's {@code --server.port=P --server.address=H}; the rest pass as they are.
   */
  static String[] bootArgs(String[] args) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      boolean port = args[i].equals("--port");
      if ((port || args[i].equals("--host")) && i + 1 < args.length) {
        out.add("--server." + (port ? "port" : "address") + "=" + args[++i]);
      } else {
        out.add(args[i]);
      }
    }
    return out.toArray(new String[0]);
  }

  @EventListener(ApplicationReadyEvent.class)
  void ready(ApplicationReadyEvent event) {
    Environment env = event.getApplicationContext().getEnvironment();
    System.out.println(
        "webflux-app listening on http://localhost:" + env.getProperty("local.server.port"));
  }

  @RestController
  static class Items {
    @GetMapping("/items/{id}")
    Mono<Map<String, Object>> item(@PathVariable long id) {
      if (id == 0) {
        return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no item 0"));
      }
      if (id < 0) {
        throw new IllegalArgumentException("negative id");
      }
      return Mono.just(Map.of("id", id));
    }

    @PostMapping("/items")
    Mono<ResponseEntity<String>> create(@RequestBody Mono<String> body) {
      return body.map(b -> ResponseEntity.status(HttpStatus.CREATED).body(b));
    }

    @GetMapping("/slow")
    Mono<String> slow(@RequestParam(defaultValue = "50") long ms) {
      return Mono.delay(Duration.ofMillis(ms)).map(t -> "slow");
    }

    /** {@code n} events 10 ms apart; without {@code n}, one every 20 ms until the client leaves. */
    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> events(@RequestParam(defaultValue = "-1") int n) {
      Flux<Long> ticks =
          n < 0
              ? Flux.interval(Duration.ofMillis(20)).onBackpressureDrop()
              : Flux.range(0, n).map(Long::valueOf).delayElements(Duration.ofMillis(10));
      return ticks.map(i -> ServerSentEvent.builder("tick " + i).id(Long.toString(i)).build());
    }

    @GetMapping("/secure/data")
    Mono<String> secure() {
      return Mono.just("secret");
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<String> badRequest(IllegalArgumentException e) {
      return ResponseEntity.badRequest().body(e.getMessage());
    }
  }

  @Bean
  RouterFunction<ServerResponse> functionalRoutes() {
    return nest(
        path("/fn"),
        route(GET("/hello/{name}"),
                request -> ServerResponse.ok().bodyValue("hello " + request.pathVariable("name")))
            .andRoute(GET("/ping"), request -> ServerResponse.ok().bodyValue("pong")));
  }

  /** Refuses {@code /secure/**} without an {@code X-Token} header, before routing. */
  @Component
  @Order(Ordered.HIGHEST_PRECEDENCE)
  static class TokenFilter implements WebFilter {
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
      String path = exchange.getRequest().getPath().pathWithinApplication().value();
      if (path.startsWith("/secure/")
          && exchange.getRequest().getHeaders().getFirst("X-Token") == null) {
        exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
        return exchange.getResponse().setComplete();
      }
      return chain.filter(exchange);
    }
  }
}
