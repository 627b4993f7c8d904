package dev.metricsagent.testapps.micronaut;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.sse.Event;
import java.time.Duration;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Items: a path variable, a route's own 404 ({@code HttpStatusException}), an {@code @Error}
 * handler's 400, a POST, a delayed answer, a stream of server-sent events, an error route.
 */
@Controller("/items")
public class Items {
  @Get("/{id}")
  public Map<String, Object> item(long id) {
    if (id == 0) {
      throw new HttpStatusException(HttpStatus.NOT_FOUND, "no item 0");
    }
    if (id < 0) {
      throw new IllegalArgumentException("negative id");
    }
    return Map.of("id", id);
  }

  @Post(consumes = MediaType.TEXT_PLAIN, produces = MediaType.TEXT_PLAIN)
  public HttpResponse<String> create(@Body String body) {
    return HttpResponse.created(body);
  }

  @Get(value = "/slow", produces = MediaType.TEXT_PLAIN)
  public Mono<String> slow(@QueryValue(defaultValue = "50") long ms) {
    return Mono.delay(Duration.ofMillis(ms)).map(t -> "slow");
  }

  /** {@code n} events 20 ms apart, or endless without {@code n}. */
  @Get(value = "/events", produces = MediaType.TEXT_EVENT_STREAM)
  public Publisher<Event<String>> events(@QueryValue(defaultValue = "0") int n) {
    // generated on demand and delayed: a slow reader holds the stream back (Flux.interval would
    // overflow it)
    Flux<Long> counts =
        Flux.generate(
            () -> 1L,
            (i, sink) -> {
              sink.next(i);
              return i + 1;
            });
    Flux<Event<String>> ticks =
        counts.delayElements(Duration.ofMillis(20)).map(i -> Event.of("tick " + i));
    return n > 0 ? ticks.take(n) : ticks;
  }

  @Get(value = "/boom", produces = MediaType.TEXT_PLAIN)
  public String boom() {
    throw new IllegalStateException("boom");
  }

  @Error(exception = IllegalArgumentException.class)
  public HttpResponse<String> badItem(HttpRequest<?> request, IllegalArgumentException e) {
    return HttpResponse.<String>status(HttpStatus.BAD_REQUEST)
        .contentType(MediaType.TEXT_PLAIN)
        .body("bad item: " + e.getMessage());
  }
}
