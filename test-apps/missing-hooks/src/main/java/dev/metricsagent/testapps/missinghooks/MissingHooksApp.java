package dev.metricsagent.testapps.missinghooks;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A "Spark" whose classes lack the methods the agent hooks, serving on the JDK's own HTTP server:
 * the agent must warn once, leave the app alone and still export process and JVM metrics.
 */
public final class MissingHooksApp {
  private MissingHooksApp() {}

  public static void main(String[] args) throws Exception {
    // load the look-alike classes as a real Spark app would at start-up
    new spark.route.Routes().lookup("/");
    new spark.http.matching.MatcherFilter().handle(null, null);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hello",
        exchange -> {
          byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    System.out.println("missing-hooks listening on http://localhost:" + server.getAddress().getPort());
  }
}
