package dev.metricsagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metricsagent.bridge.ReactiveRequests;
import io.micronaut.core.convert.value.MutableConvertibleValues;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/** Body sizes of reactive requests, read as the bridge reads them at a request's end. */
class ReactiveSizesTest {
  private final ServletSizes sizes = new ServletSizes();

  @Test
  void aWebFluxExchangeHasItsRequestsAndResponsesContentLength() {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.post("/api/items").contentLength(3).body("ann"));
    exchange.getResponse().getHeaders().setContentLength(8);
    assertEquals(3, sizes.requestBytes(exchange));
    assertEquals(8, sizes.responseBytes(exchange));
  }

  @Test
  void noLengthIsNoBodyUnlessChunkedAndAStreamedResponseIsNotObserved() {
    MockServerWebExchange get = MockServerWebExchange.from(MockServerHttpRequest.get("/api/x"));
    assertEquals(0, sizes.requestBytes(get));
    assertEquals(-1, sizes.responseBytes(get));
    MockServerWebExchange chunked =
        MockServerWebExchange.from(
            MockServerHttpRequest.post("/api/x").header("Transfer-Encoding", "chunked"));
    assertEquals(-1, sizes.requestBytes(chunked));
  }

  @Test
  void aMicronautRequestHasItsContentLength() {
    assertEquals(5, sizes.requestBytes(micronautRequest(5, null)));
    assertEquals(0, sizes.requestBytes(micronautRequest(-1, null)));
    assertEquals(-1, sizes.requestBytes(micronautRequest(-1, "chunked")));
    assertEquals(-1, sizes.responseBytes(micronautRequest(5, null)));
  }

  @Test
  void aMicronautResponseHasTheLengthTheServerWroteItWith() {
    assertEquals(12, sizes.responseBytes(micronautResponse(OptionalLong.of(12))));
    assertEquals(-1, sizes.responseBytes(micronautResponse(OptionalLong.empty()))); // a stream
  }

  private static HttpRequest<?> micronautResponse(OptionalLong written) {
    MutableConvertibleValues<?> attributes =
        (MutableConvertibleValues<?>)
            Proxy.newProxyInstance(
                ReactiveSizesTest.class.getClassLoader(),
                new Class<?>[] {MutableConvertibleValues.class},
                (p, m, args) ->
                    m.getName().equals("getValue")
                            && ReactiveRequests.RESPONSE_BYTES.equals(args[0].toString())
                        ? written
                        : null);
    return (HttpRequest<?>)
        Proxy.newProxyInstance(
            ReactiveSizesTest.class.getClassLoader(),
            new Class<?>[] {HttpRequest.class},
            (p, m, args) -> m.getName().equals("getAttributes") ? attributes : null);
  }

  @Test
  void anyOtherObjectIsUnknown() {
    assertEquals(-1, sizes.requestBytes("a request"));
    assertEquals(-1, sizes.responseBytes("a response"));
  }

  private static HttpRequest<?> micronautRequest(long contentLength, String transferEncoding) {
    HttpHeaders headers =
        (HttpHeaders)
            Proxy.newProxyInstance(
                ReactiveSizesTest.class.getClassLoader(),
                new Class<?>[] {HttpHeaders.class},
                (p, m, args) ->
                    m.getName().equals("get") && "Transfer-Encoding".equals(args[0].toString())
                        ? transferEncoding
                        : null);
    Map<String, Object> answers = Map.of("getContentLength", contentLength, "getHeaders", headers);
    return (HttpRequest<?>)
        Proxy.newProxyInstance(
            ReactiveSizesTest.class.getClassLoader(),
            new Class<?>[] {HttpRequest.class},
            (p, m, args) -> answers.get(m.getName()));
  }
}
