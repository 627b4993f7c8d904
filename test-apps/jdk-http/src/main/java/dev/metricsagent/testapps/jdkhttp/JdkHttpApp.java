package dev.metricsagent.testapps.jdkhttp;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A web app on the JDK's own {@code com.sun.net.httpserver.HttpServer}, in its idioms: one
 * handler per context, a {@link Filter} in front of one. No metrics code.
 *
 * <pre>{@code
 * java -jar test-apps/jdk-http/target/jdk-http.jar --port 0
 * # stdout: jdk-http listening on http://localhost:<port>
 * }</pre>
 *
 * <table>
 *   <caption>Contexts</caption>
 *   <tr><td>/hello</td><td>200 {@code hello}; HEAD: 200, no body</td></tr>
 *   <tr><td>/items</td><td>/items/&lt;id&gt;: 200 {@code item <id>}; id 0: 404 set by the
 *       handler</td></tr>
 *   <tr><td>/boom</td><td>the handler throws before answering: the server closes the
 *       connection</td></tr>
 *   <tr><td>/secure</td><td>200 with header X-Token: t0ken, else a filter answers 401</td></tr>
 *   <tr><td>/late</td><td>created after the server started</td></tr>
 *   <tr><td>/temp</td><td>created and removed at start-up: the server's 404</td></tr>
 *   <tr><td>anything else</td><td>no context: the server's 404</td></tr>
 * </table>
 */
public final class JdkHttpApp {
  private JdkHttpApp() {}

  public static void main(String[] args) throws Exception {
    int port = args.length >= 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 0;
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/hello", exchange -> send(exchange, 200, "hello"));
    server.createContext(
        "/items",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String id = path.length() > "/items/".length() ? path.substring("/items/".length()) : "";
          if (id.equals("0")) {
            send(exchange, 404, "no item 0");
          } else {
            send(exchange, 200, "item " + id);
          }
        });
    server.createContext(
        "/boom",
        exchange -> {
          throw new IllegalStateException("boom (thrown on purpose by the test app)");
        });
    server
        .createContext("/secure", exchange -> send(exchange, 200, "secret"))
        .getFilters()
        .add(new TokenFilter());
    server.createContext("/temp", exchange -> send(exchange, 200, "temporary"));
    server.removeContext("/temp");
    server.start();
    server.createContext("/late", exchange -> send(exchange, 200, "late"));
    System.out.println("jdk-http listening on http://localhost:" + server.getAddress().getPort());
  }

  /** Answers with a text body; HEAD gets the headers only. */
  static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Rejects requests without the token with 401, before the handler. */
  static final class TokenFilter extends Filter {
    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
      if ("t0ken".equals(exchange.getRequestHeaders().getFirst("X-Token"))) {
        chain.doFilter(exchange);
      } else {
        exchange.sendResponseHeaders(401, -1);
        exchange.close();
      }
    }

    @Override
    public String description() {
      return "X-Token check";
    }
  }

}
