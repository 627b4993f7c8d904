package dev.metricsagent.testapps.jersey;

import java.net.URI;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * A Jersey app on Grizzly for the agent's ITs (built on Jersey 3.1 and 4.0): {@link
 * OrderResource}, {@link SecureResource} behind {@link TokenFilter}, {@link ConflictMapper}.
 *
 * <pre>{@code
 * java -jar jersey-app-4.0.jar --port 0
 * }</pre>
 *
 * <p>Prints {@code jersey-app listening on http://localhost:<port>} when ready.
 */
public final class JerseyFixtureApp {
  private JerseyFixtureApp() {}

  public static void main(String[] args) throws Exception {
    int port = 0;
    for (int i = 0; i + 1 < args.length; i++) {
      if ("--port".equals(args[i])) {
        port = Integer.parseInt(args[i + 1]);
      }
    }
    ResourceConfig config =
        new ResourceConfig(
            OrderResource.class, SecureResource.class, TokenFilter.class, ConflictMapper.class);
    HttpServer server =
        GrizzlyHttpServerFactory.createHttpServer(
            URI.create("http://127.0.0.1:" + port + "/"), config, true);
    int actual = server.getListeners().iterator().next().getPort();
    System.out.println("jersey-app listening on http://localhost:" + actual);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    Thread.currentThread().join();
  }
}
