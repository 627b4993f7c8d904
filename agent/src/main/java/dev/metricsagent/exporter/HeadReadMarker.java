package dev.metricsagent.exporter;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

/**
 * Installed on every context of the exporter: the JDK's server calls a context's authenticator
 * right after it has parsed a request's line and headers, which is the one moment the exporter
 * can learn that a request has fully arrived. It tells {@link ExchangeExecutor} so (from then on
 * only the whole-request limit applies, and the request is no longer one to close to make room),
 * then authenticates with the configured authenticator, or lets everyone in when there is none.
 */
final class HeadReadMarker extends Authenticator {
  private static final HttpPrincipal ANYONE = new HttpPrincipal("", "metrics-agent");

  private final Authenticator delegate;

  /** @param delegate the real authenticator, or null for none */
  HeadReadMarker(Authenticator delegate) {
    this.delegate = delegate;
  }

  @Override
  public Result authenticate(HttpExchange exchange) {
    ExchangeExecutor.headRead();
    return delegate == null ? new Success(ANYONE) : delegate.authenticate(exchange);
  }
}
