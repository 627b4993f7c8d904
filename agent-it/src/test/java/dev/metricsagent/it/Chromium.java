package dev.metricsagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven through the Chrome DevTools
 * protocol on a WebSocket: navigate, evaluate, screenshot, and collect every console error,
 * uncaught exception and browser log error (CSP violations, failed loads) the page causes.
 *
 * <pre>{@code
 * try (Chromium c = Chromium.start(dir)) {
 *   c.navigate("http://127.0.0.1:9464/");
 *   String title = c.eval("document.title").asText();
 * }
 * }</pre>
 */
final class Chromium implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();
  private int nextId = 1;

  private Chromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** The browser binary, or null when it is not installed. */
  static Path binary() {
    for (String p : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
      if (Files.isExecutable(Path.of(p))) {
        return Path.of(p);
      }
    }
    return null;
  }

  /** Starts a fresh headless browser (own profile under {@code dir}) with one blank page. */
  static Chromium start(Path dir, int width, int height) throws Exception {
    Path binary = binary();
    if (binary == null) {
      throw new IllegalStateException("chromium is not installed (apt-get install chromium)");
    }
    Files.createDirectories(dir);
    Path err = dir.resolve("chromium.stderr.log");
    List<String> command =
        List.of(
            binary.toString(),
            "--headless=new",
            "--no-sandbox", // CI runs as root
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--window-size=" + width + "," + height,
            // a fresh profile per browser: never one a killed earlier run left locked
            "--user-data-dir=" + Files.createTempDirectory(dir, "profile-"),
            "--remote-debugging-port=0",
            "about:blank");
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(false);
    pb.redirectOutput(dir.resolve("chromium.stdout.log").toFile());
    pb.redirectError(err.toFile());
    Process p = pb.start();
    try {
      String browserWs = awaitDevTools(p, err);
      URI u = URI.create(browserWs);
      HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
      String pageWs = null;
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (pageWs == null && System.nanoTime() < deadline) {
        HttpResponse<String> list =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://" + u.getHost() + ":" + u.getPort() + "/json/list"))
                    .timeout(TIMEOUT)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode t : JSON.readTree(list.body())) {
          if ("page".equals(t.path("type").asText())) {
            pageWs = t.path("webSocketDebuggerUrl").asText();
            break;
          }
        }
        if (pageWs == null) {
          Thread.sleep(100);
        }
      }
      if (pageWs == null) {
        throw new IllegalStateException("chromium has no page target");
      }
      Listener listener = new Listener();
      WebSocket ws =
          http.newWebSocketBuilder()
              .connectTimeout(TIMEOUT)
              .buildAsync(URI.create(pageWs), listener)
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Chromium c = new Chromium(p, ws);
      listener.owner = c;
      c.call("Page.enable", null);
      c.call("Runtime.enable", null);
      c.call("Log.enable", null);
      c.call("Network.enable", null);
      return c;
    } catch (Exception | Error e) {
      p.destroyForcibly();
      throw e;
    }
  }

  private static String awaitDevTools(Process p, Path err) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.exists(err) ? Files.readString(err) : "";
      Matcher m = LISTENING.matcher(text);
      if (m.find()) {
        return m.group(1);
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("chromium exited with " + p.exitValue() + ":\n" + text);
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("chromium did not open its DevTools port within " + TIMEOUT);
  }

  /** Sends one command and waits for its result. */
  synchronized JsonNode call(String method, ObjectNode params) {
    int id = nextId++;
    ObjectNode msg = JSON.createObjectNode();
    msg.put("id", id);
    msg.put("method", method);
    if (params != null) {
      msg.set("params", params);
    }
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    try {
      socket
          .sendText(JSON.writeValueAsString(msg), true)
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      JsonNode reply = f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (reply.has("error")) {
        throw new IllegalStateException(method + ": " + reply.get("error"));
      }
      return reply.path("result");
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(method + " failed", e);
    } finally {
      pending.remove(id);
    }
  }

  static ObjectNode params() {
    return JSON.createObjectNode();
  }

  /** Navigates and waits for the load event. */
  void navigate(String url) {
    loaded = new CompletableFuture<>();
    JsonNode r = call("Page.navigate", params().put("url", url));
    if (r.has("errorText")) {
      throw new IllegalStateException("navigation to " + url + " failed: " + r.get("errorText"));
    }
    try {
      loaded.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("no load event for " + url, e);
    }
  }

  /** Evaluates an expression in the page; its value (returned by value, so JSON-able). */
  JsonNode eval(String expression) {
    JsonNode r =
        call(
            "Runtime.evaluate",
            params().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException(expression + " threw: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** Waits until {@code condition} (a JS expression) is true; fails with {@code what}. */
  void await(String condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (eval("!!(" + condition + ")").asBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " (waited " + timeout + " for " + condition + ")");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
  }

  /** Sends these headers with every request the page makes (e.g. basic auth). */
  void extraHeaders(Map<String, String> headers) {
    ObjectNode h = params();
    headers.forEach(h::put);
    ObjectNode p = params();
    p.set("headers", h);
    call("Network.setExtraHTTPHeaders", p);
  }

  void javaScriptEnabled(boolean on) {
    call("Emulation.setScriptExecutionDisabled", params().put("value", !on));
  }

  /** A PNG of the whole page (not only the viewport). */
  byte[] screenshot() {
    JsonNode r =
        call("Page.captureScreenshot",
            params().put("format", "png").put("captureBeyondViewport", true));
    return Base64.getDecoder().decode(r.path("data").asText());
  }

  /** Console errors, uncaught exceptions and browser log errors seen so far. */
  List<String> errors() {
    return new ArrayList<>(errors);
  }

  private void onMessage(String text) {
    JsonNode m;
    try {
      m = JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (m.has("id")) {
      CompletableFuture<JsonNode> f = pending.get(m.get("id").asInt());
      if (f != null) {
        f.complete(m);
      }
      return;
    }
    String method = m.path("method").asText();
    JsonNode p = m.path("params");
    switch (method) {
      case "Page.loadEventFired":
        loaded.complete(null);
        break;
      case "Runtime.consoleAPICalled":
        if ("error".equals(p.path("type").asText()) || "assert".equals(p.path("type").asText())) {
          errors.add("console." + p.path("type").asText() + ": " + p.path("args"));
        }
        break;
      case "Runtime.exceptionThrown":
        errors.add("exception: " + p.path("exceptionDetails"));
        break;
      case "Log.entryAdded":
        if ("error".equals(p.path("entry").path("level").asText())) {
          errors.add("log: " + p.path("entry").path("text").asText() + " "
              + p.path("entry").path("url").asText());
        }
        break;
      default:
        events.add(method);
    }
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the browser is stopped below anyway
    }
    List<ProcessHandle> tree = new ArrayList<>();
    process.descendants().forEach(tree::add);
    tree.add(process.toHandle());
    for (ProcessHandle h : tree) {
      h.destroy();
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        for (ProcessHandle h : tree) {
          h.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reassembles text frames into messages. */
  private static final class Listener implements WebSocket.Listener {
    volatile Chromium owner;
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        Chromium c = owner;
        if (c != null) {
          c.onMessage(text);
        }
      }
      ws.request(1);
      return null;
    }
  }
}
