package dev.metricsagent.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.metricsagent.AgentLog;
import dev.metricsagent.config.AgentConfig;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The sidecar exporter: the Prometheus client's HTTP server serving {@code /metrics} (text,
 * OpenMetrics, protobuf, as the scraper negotiates) and {@code /-/healthy} on the agent's own
 * port, on the agent's own bounded threads ({@link ExchangeExecutor}: limits per request that
 * slow or hostile clients cannot get around, and which apply to this server only) so scrapers
 * can never starve or keep alive the host. With {@code tls_keystore} it serves HTTPS only, with {@code auth_user} every path but
 * {@code /-/healthy} needs HTTP basic authentication; when either cannot be set up, it serves
 * nothing (see docs/security.md).
 *
 * <pre>{@code
 * MetricsServer s = MetricsServer.start(props, registry, config);
 * }</pre>
 */
public final class MetricsServer {
  private final HTTPServer server;
  private final ExchangeExecutor executor;
  private final boolean https;

  private MetricsServer(HTTPServer server, ExchangeExecutor executor, boolean https) {
    this.server = server;
    this.executor = executor;
    this.https = https;
  }

  /**
   * Binds and starts the server on {@code host:port}, plain HTTP without authentication.
   *
   * @throws IOException when the address cannot be bound (e.g. the port is taken)
   */
  public static MetricsServer start(
      PrometheusProperties props, PrometheusRegistry registry, String host, int port)
      throws IOException {
    return start(
        props, registry, host, port, ExporterSecurity.NONE, ExporterLimits.DEFAULT, null);
  }

  /**
   * Binds and starts the server as the options say: address, TLS, authentication. Passwords are
   * read from the variables and files the options name, here in this JVM.
   *
   * @throws ExporterSetupException when TLS or authentication cannot be set up; nothing is bound
   * @throws IOException when the address cannot be bound (e.g. the port is taken)
   */
  public static MetricsServer start(
      PrometheusProperties props, PrometheusRegistry registry, AgentConfig config)
      throws IOException {
    return start(props, registry, config, System.getenv());
  }

  /**
   * As {@link #start(PrometheusProperties, PrometheusRegistry, AgentConfig)}, with {@code page}
   * (the live page) answering {@code /} and every path but {@code /metrics} and {@code
   * /-/healthy}, behind the same TLS and authentication; null: those paths answer 404.
   */
  public static MetricsServer start(
      PrometheusProperties props, PrometheusRegistry registry, AgentConfig config,
      HttpHandler page)
      throws IOException {
    return start(props, registry, config, System.getenv(), page);
  }

  /** {@link #start(PrometheusProperties, PrometheusRegistry, AgentConfig)} with a given environment. */
  static MetricsServer start(
      PrometheusProperties props,
      PrometheusRegistry registry,
      AgentConfig config,
      Map<String, String> env)
      throws IOException {
    return start(props, registry, config, env, null);
  }

  static MetricsServer start(
      PrometheusProperties props,
      PrometheusRegistry registry,
      AgentConfig config,
      Map<String, String> env,
      HttpHandler page)
      throws IOException {
    ExporterSecurity security = ExporterSecurity.of(config, env);
    if (security.authenticator != null && security.https == null) {
      AgentLog.warn(
          "auth_user is set without tls_keystore: scrapers send the password in clear text;"
              + " set tls_keystore too unless the network path is trusted");
    }
    return start(
        props, registry, config.host(), config.port(), security, ExporterLimits.of(config), page);
  }

  private static MetricsServer start(
      PrometheusProperties props,
      PrometheusRegistry registry,
      String host,
      int port,
      ExporterSecurity security,
      ExporterLimits limits,
      HttpHandler page)
      throws IOException {
    ExchangeExecutor executor = limits.executor();
    try {
      HTTPServer.Builder b =
          HTTPServer.builder(props)
              .hostname(host)
              .port(port)
              .registry(registry)
              .executorService(executor)
              // on every context: tells the executor when a request has fully arrived
              .authenticator(new HeadReadMarker(security.authenticator, executor.pacer()))
              .errorHandlingPolicy(executor.errorPolicy());
      if (security.https != null) {
        b.httpsConfigurator(security.https);
      }
      // never the client's stock page: with ui=false everything but /metrics and /-/healthy is 404
      b.defaultHandler(page != null ? page : MetricsServer::notFound);
      return new MetricsServer(b.buildAndStart(), executor, security.https != null);
    } catch (IOException | RuntimeException e) {
      executor.shutdownNow();
      throw e;
    }
  }

  private static void notFound(HttpExchange ex) throws IOException {
    try {
      byte[] body =
          "not found: this exporter serves /metrics and /-/healthy\n"
              .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      if ("HEAD".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(404, -1);
      } else {
        ex.sendResponseHeaders(404, body.length);
        ex.getResponseBody().write(body);
      }
    } finally {
      ex.close();
    }
  }

  /** The bound port (useful when started on port 0). */
  public int port() {
    return server.getPort();
  }

  /** {@code https} with {@code tls_keystore}, else {@code http}: for the "serving on" line. */
  public String scheme() {
    return https ? "https" : "http";
  }

  public void stop() {
    server.stop();
    executor.shutdownNow();
  }

  /** The executor, for tests: running exchanges, their peak, the kind of threads. */
  ExchangeExecutor executor() {
    return executor;
  }
}
