package dev.metricsagent.exporter;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

/**
 * Installed on every context of the exporter: the JDK's server calls a context's authenticator
 * right after it has parsed a request's line and headers, which is the one moment the exporter
 * can learn that a request has fully arrived. It tells {@link ExchangeExecutor} so (from then on
 * only the whole-request limit applies, and the request is no longer one to close to make room),
 * paces the connection ({@link ConnectionPacer}), then authenticates with the configured
 * authenticator, or lets everyone in when there is none.
 */
final class HeadReadMarker extends Authenticator {
  private static final HttpPrincipal ANYONE = new HttpPrincipal("", "metrics-agent");

  private final Authenticator delegate;
  private final ConnectionPacer pacer;

  /** @param delegate the real authenticator, or null for none */
  HeadReadMarker(Authenticator delegate, ConnectionPacer pacer) {
    this.delegate = delegate;
    this.pacer = pacer;
  }

  @Override
  public Result authenticate(HttpExchange exchange) {
    ExchangeExecutor.headRead();
    try {
      pacer.await(exchange.getRemoteAddress());
    } catch (InterruptedException e) {
      // the request timeout closed the connection: the answer cannot be written anyway
      Thread.currentThread().interrupt();
      return new Failure(503);
    }
    Result r = delegate == null ? new Success(ANYONE) : delegate.authenticate(exchange);
    if (r instanceof Success && !exactPath(exchange)) {
      return new Failure(404); // e.g. /-/healthyx: the JDK matches contexts by prefix
    }
    return r;
  }

  /**
   * Whether the request is for its context's own path: {@code /metrics} and {@code /-/healthy}
   * answer only there; the context {@code /} (the live page, or the not-found page) takes the rest
   * and checks its paths itself.
   */
  static boolean exactPath(HttpExchange exchange) {
    String context = exchange.getHttpContext().getPath();
    return "/".equals(context) || context.equals(exchange.getRequestURI().getRawPath());
  }
}
