package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo app with the agent's exporter on HTTPS with basic auth, configured by environment
 * variables as a container would: scrapes need the credentials, the app's own endpoints are
 * untouched; and a keystore that does not open means no exporter at all, the app running on.
 */
class ExporterSecurityIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String KS_PASSWORD = "it-keystore-pw";
  private static final String USER = "prometheus";
  private static final String PASSWORD = "it-scrape-pw";

  @TempDir static Path dir;
  private static Path keystore;
  private static HttpClient https;

  private final List<ChildJvm> started = new ArrayList<>();

  @BeforeAll
  static void makeKeystore() throws Exception {
    keystore = dir.resolve("exporter.p12");
    Path keytool = Artifacts.javaHome().resolve("bin").resolve("keytool");
    Process p =
        new ProcessBuilder(
                keytool.toString(), "-genkeypair", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", KS_PASSWORD,
                "-keypass", KS_PASSWORD, "-alias", "metrics-agent", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2")
            .redirectErrorStream(true)
            .start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "keytool: " + new String(out, StandardCharsets.UTF_8));

    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, KS_PASSWORD.toCharArray());
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("exporter", ks.getCertificate("metrics-agent"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    https =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(ctx)
            .connectTimeout(TIMEOUT)
            .build();
  }

  @AfterEach
  void stopChildren() {
    for (ChildJvm c : started) {
      c.destroy();
    }
  }

  private ChildJvm startDemo(String name, int metricsPort, String keystorePassword) {
    ChildJvm app =
        ChildJvm.builder(getClass().getSimpleName(), name)
            .agent(null)
            .env("METRICS_AGENT_HOST", "127.0.0.1")
            .env("METRICS_AGENT_PORT", Integer.toString(metricsPort))
            .env("METRICS_AGENT_TLS_KEYSTORE", keystore.toString())
            .env("METRICS_AGENT_TLS_KEYSTORE_PASSWORD_ENV", "EXPORTER_KEYSTORE_PASSWORD")
            .env("EXPORTER_KEYSTORE_PASSWORD", keystorePassword)
            .env("METRICS_AGENT_AUTH_USER", USER)
            .env("METRICS_AGENT_AUTH_PASSWORD_ENV", "EXPORTER_SCRAPE_PASSWORD")
            .env("EXPORTER_SCRAPE_PASSWORD", PASSWORD)
            .jar(Artifacts.demoAppJar())
            .args("--port", "0", "--host", "127.0.0.1")
            .start();
    started.add(app);
    return app;
  }

  private static int appPort(ChildJvm app) {
    return Integer.parseInt(
        app.awaitStdout("demo-app listening on http://localhost:(\\d+)").group(1));
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> scrape(int port, String path, String authorization)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path)).timeout(TIMEOUT);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    // a connection per scrape: the exporter paces requests on one connection (2, then 1 a second)
    HttpClient fresh =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(https.sslContext())
            .connectTimeout(TIMEOUT)
            .build();
    return fresh.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void scrapesNeedCredentialsOverTlsAndTheAppIsUntouched() throws Exception {
    int metricsPort = FreePort.find();
    ChildJvm app = startDemo("tls-auth", metricsPort, KS_PASSWORD);
    int port = appPort(app);
    app.awaitStderr("serving metrics on");

    Http http = new Http(port);
    assertEquals(200, http.get("/health").status());
    Http.Reply created =
        http.send(
            "POST", "/products",
            "{\"id\":1,\"name\":\"Laptop\",\"price\":999.99,\"amount\":10}",
            "Content-Type", "application/json");
    assertEquals(201, created.status(), created.body());
    assertEquals(200, http.get("/products/1").status());
    assertEquals(404, http.get("/products/2").status());

    assertEquals(401, scrape(metricsPort, "/metrics", null).statusCode());
    assertEquals(401, scrape(metricsPort, "/metrics", basic(USER, "wrong")).statusCode());
    assertEquals(401, scrape(metricsPort, "/metrics", basic("someone", PASSWORD)).statusCode());
    assertEquals(200, scrape(metricsPort, "/-/healthy", null).statusCode());

    // requests are recorded when Spark's handling returns: poll until all four are in
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    Scrape s;
    while (true) {
      HttpResponse<String> r = scrape(metricsPort, "/metrics", basic(USER, PASSWORD));
      assertEquals(200, r.statusCode(), r.body());
      s = Scrape.ofText(r.body());
      if (s.sum("http_requests_total") >= 4 || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals(
        1.0,
        s.value("http_requests_total", "method", "POST", "endpoint", "/products", "status_code", "201"),
        s.text());
    assertEquals(
        1.0,
        s.value("http_requests_total", "method", "GET", "endpoint", "/products/:id", "status_code", "404"),
        s.text());
    assertTrue(s.names().contains("jvm_threads_current"), s.names().toString());

    // plain HTTP on the exporter port gets no metrics
    try {
      Http.Reply plain = Http.connectionPerRequest(metricsPort).get("/metrics", "Authorization", basic(USER, PASSWORD));
      assertNotEquals(200, plain.status(), plain.body());
    } catch (RuntimeException expected) {
      // the usual outcome: the TLS handshake fails and the connection is closed
    }
    assertTrue(app.isAlive());
    for (String line : app.agentLines()) {
      assertFalse(line.contains(PASSWORD) || line.contains(KS_PASSWORD), line);
    }
  }

  @Test
  void aKeystoreThatDoesNotOpenMeansNoExporterAndTheAppRunsOn() throws Exception {
    int metricsPort = FreePort.find();
    ChildJvm app = startDemo("bad-keystore-password", metricsPort, "not-the-password");
    int port = appPort(app);
    String error =
        app.awaitStderr("\\[metrics-agent\\] ERROR: .*tls_keystore_password_env.*").group();
    assertTrue(error.contains("EXPORTER_KEYSTORE_PASSWORD"), error);
    assertTrue(error.contains("does not open keystore"), error);
    assertFalse(error.contains("not-the-password"), error);
    String line =
        app.agentLines().stream().filter(l -> l.contains("ERROR")).findFirst().orElseThrow();
    assertTrue(line.contains("never over plain HTTP"), line);
    assertEquals(1, app.agentLines().stream().filter(l -> l.contains("ERROR")).count(), app.describeOutput());

    assertEquals(200, new Http(port).get("/health").status());
    assertEquals(200, new Http(port).get("/products").status());
    assertFalse(FreePort.isListening(metricsPort), "the exporter must not listen: " + app.describeOutput());
    assertFalse(app.listeningPorts().contains(metricsPort));
  }

}
