package dev.metricsagent.ui;

import dev.metricsagent.core.HttpMetricsOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.config.AgentConfig;
import dev.metricsagent.core.HttpMetrics;
import dev.metricsagent.exporter.MetricsServer;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's HTTP side on the real exporter in this JVM: where it answers, its headers, escaping
 * of app-defined templates, authentication, and a {@code /metrics} byte-identical without it.
 */
class LivePageTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String HOSTILE = "/<script>alert(\"x\")</script>/:id&'";

  private final PrometheusProperties props = PrometheusProperties.builder().build();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final long created = System.nanoTime();
  private final HttpMetrics metrics =
      new HttpMetrics(props, registry, HttpMetricsOptions.DEFAULTS.withExemplars(false));
  private MetricsServer server;
  private Sampler sampler;

  @TempDir Path dir;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
    if (sampler != null) {
      sampler.stop();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private String start(String extraArgs, boolean page) throws Exception {
    int port = freePort();
    AgentConfig config =
        AgentConfig.parse("host=127.0.0.1,port=" + port + extraArgs, new Properties(), Map.of());
    sampler = page ? Sampler.start(registry, created) : null;
    server = MetricsServer.start(props, registry, config, page ? new LivePage(sampler) : null);
    return "http://127.0.0.1:" + port;
  }

  private HttpResponse<String> send(String method, String url, String authorization)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(TIMEOUT)
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    // a connection per request: the exporter paces requests on one connection (2, then 1 a second)
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String raw(String base, String requestLine) throws Exception {
    URI u = URI.create(base);
    try (java.net.Socket s = new java.net.Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout((int) TIMEOUT.toMillis());
      s.getOutputStream()
          .write((requestLine + "\r\nHost: x\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return send("GET", url, null);
  }

  @Test
  void servesThePageItsDataScriptAndStyleWithAStrictPolicy() throws Exception {
    metrics.routeAdded("GET", "/products/:id");
    metrics.routeAdded("GET", "/never");
    metrics.record("GET", "/products/:id", 200, 3_000_000L);
    metrics.record("GET", "/products/:id", 503, 3_000_000L);
    String base = start("", true);

    HttpResponse<String> page = get(base + "/");
    assertEquals(200, page.statusCode());
    assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").get());
    String csp = page.headers().firstValue("Content-Security-Policy").get();
    assertTrue(csp.contains("script-src 'self'") && csp.contains("default-src 'none'"), csp);
    assertFalse(csp.contains("unsafe"), csp);
    String html = page.body();
    assertTrue(
        html.contains("<tr data-route=\"GET /products/:id\" class=\"failing slowest\">"), html);
    assertTrue(html.contains("<td class=\"num total\">2</td>"), html);
    assertTrue(html.contains("<tr data-route=\"GET /never\" class=\"never\">"), html);
    assertTrue(html.contains("never called"), html);
    // the page's only script is its own file: no inline code, no handler attributes
    assertTrue(html.contains("<script src=\"/-/ui.js\" defer></script>"), html);
    assertEquals(1, html.split("<script", -1).length - 1, html);
    assertFalse(html.contains(" onclick") || html.contains(" style="), html);

    HttpResponse<String> json = get(base + "/-/routes.json");
    assertEquals(200, json.statusCode());
    assertEquals("application/json", json.headers().firstValue("Content-Type").get());
    assertTrue(json.body().contains("\"key\":\"GET /products/:id\""), json.body());
    assertTrue(json.body().contains("\"total\":2"), json.body());

    HttpResponse<String> js = get(base + "/-/ui.js");
    assertEquals(200, js.statusCode());
    // the script renders nothing: it fetches this page and swaps in the elements that carry ids
    assertTrue(js.body().contains("DOMParser"), js.body());
    assertFalse(js.body().contains("createElement") || js.body().contains("innerHTML"), js.body());
    for (String id : PageHtml.LIVE_IDS) {
      assertTrue(html.contains(" id=\"" + id + "\""), id);
      assertTrue(js.body().contains("'" + id + "'"), id);
    }
    assertEquals(200, get(base + "/-/ui.css").statusCode());
    assertEquals("nosniff", js.headers().firstValue("X-Content-Type-Options").get());

    // sortable without JavaScript: the server sorts by the column the header link names
    String byTotal = get(base + "/?sort=total&dir=desc").body();
    assertTrue(byTotal.indexOf("data-route=\"GET /products/:id\"")
        < byTotal.indexOf("data-route=\"GET /never\""));
    String byRoute = get(base + "/?sort=route&dir=asc").body();
    assertTrue(byRoute.indexOf("data-route=\"GET /never\"")
        < byRoute.indexOf("data-route=\"GET /products/:id\""));
  }

  @Test
  void badRequestsGetClearAnswers() throws Exception {
    String base = start("", true);
    HttpResponse<String> nope = get(base + "/nope");
    assertEquals(404, nope.statusCode());
    assertTrue(nope.body().contains("/-/routes.json"), nope.body());
    HttpResponse<String> post = send("POST", base + "/", null);
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").get());
    String bad = raw(base, "GET /?route=%zz HTTP/1.1");
    assertTrue(bad.startsWith("HTTP/1.1 400"), bad); // the JDK's parser refuses it first
    assertEquals(200, send("HEAD", base + "/", null).statusCode());
    assertEquals(200, get(base + "/-/healthy").statusCode());
  }

  @Test
  void appDefinedTextIsEscaped() throws Exception {
    metrics.routeAdded("GET", HOSTILE);
    metrics.record("GET", HOSTILE, 200, 1_000_000L);
    String base = start("", true);
    String html = get(base + "/").body();
    assertFalse(html.contains("<script>alert"), html);
    assertTrue(
        html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/<wbr>script&gt;/<wbr>:id&amp;&#39;"),
        html);
    // selected through the query string: escaped there too
    String selected =
        get(base + "/?route=" + PageHtml.urlEncode("GET " + HOSTILE)).body();
    assertFalse(selected.contains("<script>alert"), selected);
    assertTrue(selected.contains("id=\"chart-title\"><span class=\"endpoint\">GET /<wbr>&lt;script&gt;"),
        selected);
    String json = get(base + "/-/routes.json").body();
    assertFalse(json.contains("<script>"), json);
    assertTrue(json.contains("\\u003cscript\\u003ealert(\\\"x\\\")"), json);
  }

  @Test
  void behindTheSameAuthenticationAsMetricsButTheHealthCheck() throws Exception {
    Path pw = dir.resolve("pw");
    Files.writeString(pw, "s3cret\n");
    String base = start(",auth_user=prom,auth_password_file=" + pw, true);
    String ok =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("prom:s3cret".getBytes(StandardCharsets.UTF_8));
    for (String path : new String[] {"/", "/-/routes.json", "/-/ui.js", "/metrics"}) {
      assertEquals(401, send("GET", base + path, null).statusCode(), path);
      assertEquals(200, send("GET", base + path, ok).statusCode(), path);
    }
    assertEquals(200, get(base + "/-/healthy").statusCode());
  }

  @Test
  void metricsAreTheSameWithThePageAndWithout() throws Exception {
    metrics.routeAdded("GET", "/a");
    metrics.record("GET", "/a", 200, 3_000_000L);
    metrics.record("GET", null, 404, 3_000_000L);
    String without = start("", false);
    String before = get(without + "/metrics").body();
    server.stop();
    String with = start("", true);
    get(with + "/"); // the page and the sampler read the registry
    get(with + "/-/routes.json");
    sampler.tick();
    assertEquals(before, get(with + "/metrics").body());
  }

  @Test
  void theOptionTurnsItOff() throws Exception {
    assertFalse(AgentConfig.parse("ui=false", new Properties(), Map.of()).ui());
    assertTrue(AgentConfig.parse("", new Properties(), Map.of()).ui());
    assertTrue(
        AgentConfig.parse("ui=false", new Properties(), Map.of()).toAgentArgs()
            .contains("ui=false"));
    String base = start("", false); // what the runtime does with ui=false
    for (String path : new String[] {"/", "/-/routes.json", "/-/ui.js", "/index.html"}) {
      HttpResponse<String> r = get(base + path);
      assertEquals(404, r.statusCode(), path + ": " + r.body()); // never the client's stock page
      assertEquals("not found: this exporter serves /metrics and /-/healthy\n", r.body(), path);
    }
    assertEquals(200, get(base + "/metrics").statusCode());
    assertEquals(200, get(base + "/-/healthy").statusCode());
  }
}
