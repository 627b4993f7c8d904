package dev.metricsagent.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.metricsagent.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The exporter's handler for everything but {@code /metrics} and {@code /-/healthy}: the live page
 * at {@code /}, its data at {@code /-/routes.json}, its script and style sheet; 404 elsewhere.
 * Registered as the Prometheus server's default handler, so it sits behind the same address, TLS
 * and authentication as {@code /metrics}.
 *
 * <pre>{@code
 * Sampler sampler = Sampler.start(registry);
 * HTTPServer.builder(props).defaultHandler(new LivePage(sampler))...
 * }</pre>
 */
public final class LivePage implements HttpHandler {
  static final String PAGE = "/";
  static final String DATA = "/-/routes.json";
  static final String SCRIPT = "/-/ui.js";
  static final String STYLE = "/-/ui.css";

  /** Only this port's own script, style sheet and fetches; no inline code, no frames. */
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final Sampler sampler;
  private final Supplier<List<String>> coverage;
  private final byte[] script = resource("ui.js");
  private final byte[] style = resource("ui.css");

  public LivePage(Sampler sampler) {
    this(sampler, Collections::emptyList);
  }

  /** With the agent's coverage ("javalin 6.7.0: applied") listed under the routes. */
  public LivePage(Sampler sampler, Supplier<List<String>> coverage) {
    this.sampler = sampler;
    this.coverage = coverage;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      serve(ex);
    } catch (IOException e) {
      throw e; // the client went away
    } catch (RuntimeException e) {
      AgentLog.warn("live page: " + e);
      send(ex, 500, "text/plain; charset=utf-8", "the live page failed; /metrics is unaffected\n");
    } finally {
      ex.close();
    }
  }

  private void serve(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    if ("/favicon.ico".equals(path)) { // browsers ask for it: no icon, and no error in their log
      ex.getResponseHeaders().set("Cache-Control", "max-age=86400");
      ex.sendResponseHeaders(204, -1);
      return;
    }
    boolean known = PAGE.equals(path) || DATA.equals(path) || SCRIPT.equals(path)
        || STYLE.equals(path);
    if (!known) {
      send(ex, 404, "text/plain; charset=utf-8",
          "not found: the agent serves / (live page), /-/routes.json, /metrics, /-/healthy\n");
      return;
    }
    String method = ex.getRequestMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      send(ex, 405, "text/plain; charset=utf-8", "method not allowed: use GET\n");
      return;
    }
    Map<String, String> query;
    try {
      query = query(ex.getRequestURI().getRawQuery());
    } catch (IllegalArgumentException e) {
      send(ex, 400, "text/plain; charset=utf-8", "bad query string: " + e.getMessage() + "\n");
      return;
    }
    if (SCRIPT.equals(path)) {
      send(ex, 200, "text/javascript; charset=utf-8", script);
    } else if (STYLE.equals(path)) {
      send(ex, 200, "text/css; charset=utf-8", style);
    } else if (DATA.equals(path)) {
      View v = sampler.view(query.get("route"));
      send(ex, 200, "application/json", ViewJson.of(v));
    } else {
      View v = sampler.view(query.get("route"));
      String html =
          PageHtml.of(v, query.get("sort"), "desc".equals(query.get("dir")), coverage.get());
      send(ex, 200, "text/html; charset=utf-8", html);
    }
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<String, String>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.put(URLDecoder.decode(k, "UTF-8"), URLDecoder.decode(v, "UTF-8"));
      } catch (UnsupportedEncodingException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Content-Security-Policy", CSP);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    if ("HEAD".equals(ex.getRequestMethod())) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length);
    OutputStream out = ex.getResponseBody();
    out.write(body);
    out.flush();
  }

  private static byte[] resource(String name) {
    try (InputStream in = LivePage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        b.write(buf, 0, n);
      }
      return b.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + name, e);
    }
  }
}
