package dev.metricsagent.exporter;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sidecar exporter: the Prometheus client's HTTP server serving {@code /metrics} (text,
 * OpenMetrics, protobuf, as the scraper negotiates) and {@code /-/healthy} on the agent's own
 * port, on a small bounded pool of daemon threads so scrapers can never starve or keep alive the
 * host.
 *
 * <pre>{@code
 * MetricsServer s = MetricsServer.start(props, registry, "0.0.0.0", 9464);
 * }</pre>
 */
public final class MetricsServer {
  /** Scrapes are short; a few threads serve any sane number of Prometheus servers. */
  static final int THREADS = 4;

  /** Connections waiting for a thread beyond this are rejected rather than queued forever. */
  static final int QUEUE = 64;

  private final HTTPServer server;
  private final ThreadPoolExecutor pool;

  private MetricsServer(HTTPServer server, ThreadPoolExecutor pool) {
    this.server = server;
    this.pool = pool;
  }

  /**
   * Binds and starts the server.
   *
   * @throws IOException when the address cannot be bound (e.g. the port is taken)
   */
  public static MetricsServer start(
      PrometheusProperties props, PrometheusRegistry registry, String host, int port)
      throws IOException {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<Runnable>(QUEUE),
            new DaemonThreads("metrics-agent-http-"),
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    try {
      HTTPServer server =
          HTTPServer.builder(props)
              .hostname(host)
              .port(port)
              .registry(registry)
              .executorService(pool)
              .buildAndStart();
      return new MetricsServer(server, pool);
    } catch (IOException | RuntimeException e) {
      pool.shutdownNow();
      throw e;
    }
  }

  /** The bound port (useful when started on port 0). */
  public int port() {
    return server.getPort();
  }

  public void stop() {
    server.stop();
    pool.shutdownNow();
  }

  /** Named daemon threads: the exporter must never keep the host's JVM alive. */
  static final class DaemonThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger next = new AtomicInteger(1);

    DaemonThreads(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, prefix + next.getAndIncrement());
      t.setDaemon(true);
      return t;
    }
  }
}
