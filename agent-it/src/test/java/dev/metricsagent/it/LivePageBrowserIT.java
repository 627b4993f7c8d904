package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The live page in a real headless Chromium: the demo app with the agent after a known request
 * sequence (exact totals per route in the DOM, never-called routes marked, the same figures with
 * JavaScript off, a refresh after more traffic, no console error, a screenshot under {@code
 * target/}); and the Spark fixture with basic auth (401 without credentials, the 5xx route
 * flagged).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LivePageBrowserIT {
  private static final Duration REFRESH_WAIT = Duration.ofSeconds(30);
  private static final Pattern SERIES =
      Pattern.compile("http_requests_total\\{endpoint=\"([^\"]*)\",method=\"([^\"]*)\".*");

  /** Rows of the table: route key, total, class, never-called badge, 5xx cell. */
  private static final String ROWS =
      "JSON.stringify(Array.from(document.querySelectorAll('#routes tbody tr')).map(tr => ({"
          + "route: tr.getAttribute('data-route'),"
          + "total: tr.querySelector('td.total').textContent,"
          + "cls: tr.className,"
          + "never: !!tr.querySelector('.badge.never'),"
          + "e5: tr.querySelector('td.e5').className + ' ' + tr.querySelector('td.e5').textContent"
          + "})))";

  private ChildJvm demo;
  private ChildJvm fixture;
  private Http demoHttp;
  private int demoMetrics;
  private Chromium browser;
  private final Path out = Path.of("target", "live-page");

  @BeforeAll
  void start() throws Exception {
    if (Chromium.binary() == null) {
      String why =
          "LivePageBrowserIT SKIPPED: no chromium on this machine (apt-get install chromium;"
              + " scripts/install-test-deps installs it)";
      System.err.println("\n*** " + why + " ***\n");
      if (System.getenv("CI") != null) {
        fail(why + " and CI must run it");
      }
      Assumptions.abort(why);
    }
    demoMetrics = FreePort.find();
    demo =
        ChildJvm.builder(getClass().getSimpleName(), "demo")
            .agent("port=" + demoMetrics + ",host=127.0.0.1")
            .jar(Artifacts.demoAppJar())
            .args("--port", "0", "--host", "127.0.0.1")
            .start();
    int port =
        Integer.parseInt(demo.awaitStdout("listening on http://localhost:(\\d+)").group(1));
    demoHttp = new Http(port);
    browser = Chromium.start(out.resolve("chromium"), 1280, 900);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (demo != null) {
      demo.destroy();
    }
    if (fixture != null) {
      fixture.destroy();
    }
  }

  private void send(Http http, String method, String path, String body, int status) {
    Http.Reply r =
        body == null
            ? http.send(method, path, null)
            : http.send(method, path, body, "Content-Type", "application/json");
    assertEquals(status, r.status(), method + " " + path);
  }

  private Map<String, JsonNode> rows() throws Exception {
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode r : new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(browser.eval(ROWS).asText())) {
      out.put(r.get("route").asText(), r);
    }
    return out;
  }

  /** {@code http_requests_total} summed by method and endpoint, as Prometheus would. */
  private static SortedMap<String, Long> scraped(int port) {
    SortedMap<String, Long> out = new TreeMap<>();
    SortedMap<String, Double> series = Scrape.of(port).seriesNamed("http_requests_total");
    for (Map.Entry<String, Double> e : series.entrySet()) {
      Matcher m = SERIES.matcher(e.getKey());
      assertTrue(m.matches(), e.getKey());
      out.merge(m.group(2) + " " + m.group(1), e.getValue().longValue(), Long::sum);
    }
    return out;
  }

  @Test
  void theDemoAppsRoutesWithExactTotalsInARealBrowser() throws Exception {
    String json = "{\"id\":%d,\"name\":\"P%d\",\"price\":1.5,\"amount\":2}";
    send(demoHttp, "POST", "/products", String.format(json, 1, 1), 201);
    send(demoHttp, "POST", "/products", String.format(json, 2, 2), 201);
    send(demoHttp, "POST", "/products", String.format(json, 1, 1), 409);
    for (int i = 0; i < 5; i++) {
      send(demoHttp, "GET", "/products/1", null, 200);
    }
    send(demoHttp, "GET", "/products/99", null, 404);
    send(demoHttp, "GET", "/products/98", null, 404);
    for (int i = 0; i < 4; i++) {
      send(demoHttp, "GET", "/products", null, 200);
    }
    send(demoHttp, "PUT", "/products/1", String.format(json, 1, 9), 200);
    send(demoHttp, "GET", "/nope", null, 404);
    send(demoHttp, "GET", "/nope/either", null, 404);
    demo.awaitStderr("serving metrics on");
    Map<String, Long> expected = new TreeMap<>();
    expected.put("POST /products", 3L);
    expected.put("GET /products/:id", 7L);
    expected.put("GET /products", 4L);
    expected.put("PUT /products/:id", 1L);
    expected.put("GET unmatched", 2L);
    expected.put("DELETE /products/:id", 0L);
    expected.put("GET /health", 0L);
    expected.put("GET /", 0L);

    // the page renders what is recorded: wait until the last response's record is in
    long sent = expected.values().stream().mapToLong(Long::longValue).sum();
    Scrape.eventually(
        demoMetrics, sent + " requests recorded", s -> s.sum("http_requests_total") >= sent);
    String base = "http://127.0.0.1:" + demoMetrics;
    browser.navigate(base + "/");
    // the server-rendered table, then the script's first refresh
    browser.await("document.getElementById('refresh').textContent === 'refreshes every 5 s'",
        REFRESH_WAIT, "the page's script never refreshed the table");
    assertEquals(
        "on", browser.eval("document.documentElement.getAttribute('data-script')").asText());
    Map<String, JsonNode> rows = rows();
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      JsonNode r = rows.get(e.getKey());
      assertTrue(r != null, "no row for " + e.getKey() + " in " + rows.keySet());
      assertEquals(e.getValue().toString(), r.get("total").asText(), e.getKey());
      boolean never = e.getValue() == 0;
      assertEquals(never, r.get("never").asBoolean(), e.getKey() + " never-called badge");
      assertEquals(never, r.get("cls").asText().contains("never"), e.getKey() + " row class");
    }
    // every row, not only those we named, says what Prometheus says
    SortedMap<String, Long> prometheus = scraped(demoMetrics);
    for (Map.Entry<String, JsonNode> r : rows.entrySet()) {
      long total = Long.parseLong(r.getValue().get("total").asText());
      assertEquals(prometheus.getOrDefault(r.getKey(), 0L).longValue(), total, r.getKey());
      assertEquals(total == 0, r.getValue().get("never").asBoolean(), r.getKey());
      assertFalse(r.getValue().get("cls").asText().contains("failing"), r.getKey()); // no 5xx
    }
    assertTrue(rows.keySet().containsAll(prometheus.keySet()), rows + " vs " + prometheus);
    // the 4xx share of GET /products/:id over the last 5 minutes: 2 of 7
    assertEquals("29%",
        browser.eval("document.querySelector('tr[data-route=\"GET /products/:id\"] td.e4')"
            + ".textContent").asText());
    assertTrue(browser.eval("document.querySelector('tr[data-route=\"GET /products/:id\"] td.p95')"
        + ".title").asText().startsWith("estimate: the native histogram bucket is "));

    // more traffic: the script's refresh (not a reload) shows it
    browser.eval("window.__sameDocument = 42");
    for (int i = 0; i < 3; i++) {
      send(demoHttp, "GET", "/products/2", null, 200);
    }
    send(demoHttp, "GET", "/health", null, 200);
    browser.await(
        "document.querySelector('tr[data-route=\"GET /products/:id\"] td.total').textContent"
            + " === '10' && !document.querySelector('tr[data-route=\"GET /health\"]')"
            + ".classList.contains('never')",
        REFRESH_WAIT, "a refresh after more traffic did not update the numbers");
    assertEquals(42, browser.eval("window.__sameDocument").asInt());
    assertEquals("1", rows().get("GET /health").get("total").asText());
    // route names break only after a / (<wbr>), never inside a name
    assertEquals("normal", browser.eval(
        "getComputedStyle(document.querySelector('#routes td.route')).wordBreak").asText());
    assertEquals("/products/<wbr>:id", browser.eval(
        "document.querySelector('tr[data-route=\"GET /products/:id\"] .endpoint').innerHTML")
        .asText());

    // sortable: by total, descending, in the browser
    browser.eval("document.querySelector('th[data-col=\"total\"] a').click()");
    browser.await("document.querySelector('#routes tbody tr').getAttribute('data-route')"
        + " === 'GET /products/:id' && location.search === '?sort=total&dir=desc'",
        REFRESH_WAIT, "sorting by total did not put the busiest route first");
    assertEquals(42, browser.eval("window.__sameDocument").asInt());
    // a route's chart: click its name
    browser.eval(
        "document.querySelector('tr[data-route=\"GET /products/:id\"] td.route a').click()");
    browser.await("document.getElementById('chart-title').textContent === 'GET /products/:id'",
        REFRESH_WAIT, "selecting a route did not show its chart");
    browser.await(
        "document.querySelectorAll('#chart-rate path.line')[0].getAttribute('d').length > 0",
        REFRESH_WAIT, "the chart has no line");

    Files.createDirectories(out);
    Path png = out.resolve("live-page.png");
    Files.write(png, browser.screenshot());
    System.err.println("LivePageBrowserIT: screenshot " + png.toAbsolutePath());
    assertEquals(java.util.List.of(), browser.errors(), "console or page errors");

    // with JavaScript off the server-rendered table says the same
    browser.javaScriptEnabled(false);
    try {
      browser.navigate(base + "/?sort=total&dir=desc");
    } finally {
      browser.javaScriptEnabled(true);
    }
    // the page's script did not run: what we read is the server's table
    assertTrue(browser.eval("document.documentElement.getAttribute('data-script')").isNull());
    rows = rows(); // evaluated by the protocol, not by the page's script
    assertEquals("10", rows.get("GET /products/:id").get("total").asText());
    assertEquals("0", rows.get("DELETE /products/:id").get("total").asText());
    assertTrue(rows.get("DELETE /products/:id").get("never").asBoolean());
    assertEquals(java.util.List.of(), browser.errors(), "console or page errors");
  }

  /** Native names of a process's threads (Linux: the JVM sets them, cut to 15 characters). */
  private static java.util.Set<String> threadNames(long pid) throws Exception {
    java.util.Set<String> out = new java.util.TreeSet<>();
    try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", "" + pid, "task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          out.add(Files.readString(t.resolve("comm")).trim());
        } catch (java.io.IOException endedMeanwhile) {
          // a thread that ended while we looked
        }
      }
    }
    return out;
  }

  @Test
  void uiFalseTurnsThePageAndItsSamplerOff() throws Exception {
    demo.awaitStderr("serving metrics on");
    assertTrue(threadNames(demo.pid()).contains("metrics-agent-u"), "the demo's sampler thread");
    int metrics = FreePort.find();
    ChildJvm off =
        ChildJvm.builder(getClass().getSimpleName(), "demo-ui-off")
            .agent("port=" + metrics + ",host=127.0.0.1,ui=false")
            .jar(Artifacts.demoAppJar())
            .args("--port", "0", "--host", "127.0.0.1")
            .start();
    try {
      int port =
          Integer.parseInt(off.awaitStdout("listening on http://localhost:(\\d+)").group(1));
      Http app = new Http(port);
      send(app, "GET", "/health", null, 200);
      String line = off.awaitStderr("serving metrics on.*").group();
      assertFalse(line.contains("live page"), line);
      Http exporter = Http.connectionPerRequest(metrics);
      assertEquals(404, exporter.get("/").status(), "ui=false: no page, not the client's either");
      assertEquals(404, exporter.get("/-/routes.json").status());
      assertEquals(200, exporter.get("/metrics").status());
      java.util.Set<String> threads = threadNames(off.pid());
      assertFalse(threads.contains("metrics-agent-u"), threads.toString());
    } finally {
      off.destroy();
    }
  }

  @Test
  void withAuthNoCredentialsGets401AndThe5xxRouteIsFlagged() throws Exception {
    Path pw = out.resolve("auth-password");
    Files.createDirectories(out);
    Files.writeString(pw, "pa55-w0rd\n");
    int metrics = FreePort.find();
    fixture =
        ChildJvm.builder(getClass().getSimpleName(), "fixture")
            .agent("port=" + metrics + ",host=127.0.0.1,auth_user=prom,auth_password_file="
                + pw.toAbsolutePath())
            .jar(Artifacts.sparkFixtureJar())
            .args("--port", "0")
            .start();
    int port =
        Integer.parseInt(
            fixture.awaitStdout("fixture listening on http://localhost:(\\d+)").group(1));
    Http app = new Http(port);
    for (int i = 0; i < 3; i++) {
      send(app, "GET", "/hello", null, 200);
    }
    send(app, "GET", "/boom", null, 500);
    send(app, "GET", "/boom", null, 500);
    send(app, "GET", "/things/2", null, 404);
    send(app, "GET", "/things/1", null, 200);
    fixture.awaitStderr("serving metrics on");

    String base = "http://127.0.0.1:" + metrics;
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    for (String path : new String[] {"/", "/-/routes.json", "/-/ui.js"}) {
      HttpResponse<String> r =
          client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(401, r.statusCode(), path);
      assertFalse(r.body().contains("/boom"), path);
    }
    assertEquals(200,
        client.send(HttpRequest.newBuilder(URI.create(base + "/-/healthy")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode());

    String auth =
        "Basic " + Base64.getEncoder()
            .encodeToString("prom:pa55-w0rd".getBytes(StandardCharsets.UTF_8));
    browser.extraHeaders(Map.of("Authorization", auth));
    try {
      browser.navigate(base + "/");
      browser.await("document.getElementById('refresh').textContent === 'refreshes every 5 s'",
          REFRESH_WAIT, "the page's script never refreshed the table (behind auth)");
      Map<String, JsonNode> rows = rows();
      JsonNode boom = rows.get("GET /boom");
      assertEquals("2", boom.get("total").asText());
      assertTrue(boom.get("cls").asText().contains("failing"), boom.toString());
      assertEquals("num e5 l4 100%", boom.get("e5").asText());
      JsonNode hello = rows.get("GET /hello");
      assertEquals("3", hello.get("total").asText());
      assertFalse(hello.get("cls").asText().contains("failing"), hello.toString());
      JsonNode things = rows.get("GET /things/:id");
      assertFalse(things.get("cls").asText().contains("failing"), things.toString()); // 404: 4xx
      assertEquals(java.util.List.of(), browser.errors(), "console or page errors");
    } finally {
      browser.extraHeaders(Map.of());
    }
  }
}
