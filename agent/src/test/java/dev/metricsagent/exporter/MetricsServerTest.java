package dev.metricsagent.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.config.AgentConfig;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter in this JVM with TLS (a keystore made by keytool in the test) and basic auth, seen
 * by a real HTTPS client; and what happens when either cannot be set up.
 */
class MetricsServerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String USER = "prometheus";
  private static final String PASSWORD = "s3cret-ü-pass";

  @TempDir static Path dir;
  private static TestKeystore keystore;
  private static HttpClient https;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private MetricsServer server;

  MetricsServerTest() {
    Counter.builder().name("test_scrapes_total").help("a test counter").register(registry).inc();
  }

  @BeforeAll
  static void makeKeystore() throws Exception {
    keystore = TestKeystore.create(dir, "ks-pass-1");
    SSLContext trusting = keystore.trustingContext();
    https =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(trusting)
            .connectTimeout(TIMEOUT)
            .build();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private MetricsServer start(String args, Map<String, String> env) throws Exception {
    AgentConfig config = AgentConfig.parse(args, new Properties(), env);
    return MetricsServer.start(PrometheusProperties.builder().build(), registry, config, env);
  }

  private static String secureArgs(int port) {
    return "host=127.0.0.1,port=" + port + ",tls_keystore=" + keystore.path
        + ",tls_keystore_password_env=KS_PW,auth_user=" + USER + ",auth_password_env=PROM_PW";
  }

  private static Map<String, String> secureEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("KS_PW", keystore.password);
    env.put("PROM_PW", PASSWORD);
    return env;
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> get(HttpClient client, String url, String authorization)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    // a connection per request: the exporter paces requests on one connection (2, then 1 a second)
    HttpClient fresh =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(client.sslContext())
            .connectTimeout(TIMEOUT)
            .build();
    return fresh.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void tlsAndBasicAuth() throws Exception {
    int port = freePort();
    server = start(secureArgs(port), secureEnv());
    assertEquals("https", server.scheme());
    String metrics = "https://127.0.0.1:" + port + "/metrics";

    HttpResponse<String> r = get(https, metrics, null);
    assertEquals(401, r.statusCode(), r.body());
    String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
    assertTrue(challenge.startsWith("Basic realm=\"metrics-agent\""), challenge);
    assertFalse(r.body().contains("test_scrapes_total"));

    assertEquals(401, get(https, metrics, basic(USER, "wrong")).statusCode());
    assertEquals(401, get(https, metrics, basic(USER, PASSWORD + "x")).statusCode());
    assertEquals(401, get(https, metrics, basic(USER, "")).statusCode());
    assertEquals(401, get(https, metrics, basic("admin", PASSWORD)).statusCode()); // wrong user
    assertEquals(401, get(https, metrics, basic(USER.toUpperCase(), PASSWORD)).statusCode());
    // malformed headers are a 401 too, not an error inside the JDK's parser
    assertEquals(401, get(https, metrics, "Basic !!!notbase64").statusCode());
    assertEquals(
        401,
        get(https, metrics, "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes()))
            .statusCode());
    assertEquals(401, get(https, metrics, "Bearer abc").statusCode());
    // every path but the health check needs credentials
    assertEquals(401, get(https, "https://127.0.0.1:" + port + "/", null).statusCode());

    r = get(https, metrics, basic(USER, PASSWORD));
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("# TYPE test_scrapes_total counter"), r.body());
    assertTrue(r.body().contains("test_scrapes_total 1.0"), r.body());

    // the health check answers without credentials (documented in docs/security.md)
    r = get(https, "https://127.0.0.1:" + port + "/-/healthy", null);
    assertEquals(200, r.statusCode(), r.body());
    assertFalse(r.body().contains("test_scrapes_total"));
  }

  @Test
  void plainHttpToTheTlsPortGetsNoMetrics() throws Exception {
    int port = freePort();
    server = start(secureArgs(port), secureEnv());
    byte[] request =
        ("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + basic(USER, PASSWORD)
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    String reply = rawExchange(port, request, 15_000);
    assertFalse(reply.startsWith("HTTP/1.1 200"), reply);
    assertFalse(reply.contains("test_scrapes_total"), reply);

    HttpClient plain = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    try {
      HttpResponse<String> r =
          get(plain, "http://127.0.0.1:" + port + "/metrics", basic(USER, PASSWORD));
      assertNotEquals(200, r.statusCode(), r.body());
    } catch (IOException expected) {
      // the TLS handshake fails: the usual outcome
    }
    // and the server still serves HTTPS afterwards
    assertEquals(200, get(https, "https://127.0.0.1:" + port + "/metrics", basic(USER, PASSWORD)).statusCode());
  }

  @Test
  void basicAuthWithoutTls() throws Exception {
    int port = freePort();
    Map<String, String> env = Map.of("PROM_PW", PASSWORD);
    server =
        start("host=127.0.0.1,port=" + port + ",auth_user=" + USER + ",auth_password_env=PROM_PW", env);
    assertEquals("http", server.scheme());
    HttpClient plain = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    String metrics = "http://127.0.0.1:" + port + "/metrics";
    assertEquals(401, get(plain, metrics, null).statusCode());
    assertEquals(401, get(plain, metrics, basic("x", PASSWORD)).statusCode());
    assertEquals(200, get(plain, metrics, basic(USER, PASSWORD)).statusCode());
    assertEquals(200, get(plain, "http://127.0.0.1:" + port + "/-/healthy", null).statusCode());
  }

  /** RFC 7617: the scheme is case-insensitive; RFC 7235: every 401 carries a challenge. */
  @Test
  void basicSchemeInAnyCaseAndAChallengeOnEvery401() throws Exception {
    int port = freePort();
    server = start(secureArgs(port), secureEnv());
    String metrics = "https://127.0.0.1:" + port + "/metrics";
    String token = basic(USER, PASSWORD).substring("Basic ".length());
    for (String scheme : new String[] {"basic", "BASIC", "bAsIc"}) {
      HttpResponse<String> r = get(https, metrics, scheme + " " + token);
      assertEquals(200, r.statusCode(), scheme + ": " + r.body());
    }
    String[] refused = {
      null, basic(USER, "wrong"), basic("admin", PASSWORD), "basic " + token + "x", "Bearer abc",
      "Basic !!!notbase64", "basic", "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes())
    };
    for (String header : refused) {
      HttpResponse<String> r = get(https, metrics, header);
      assertEquals(401, r.statusCode(), header);
      assertEquals(
          "Basic realm=\"metrics-agent\", charset=\"UTF-8\"",
          r.headers().firstValue("WWW-Authenticate").orElse("(none)"),
          header);
    }
  }

  /** The JDK's server matches contexts by prefix: only the exact paths are the health check. */
  @Test
  void theHealthCheckAnswersOnlyAtItsOwnPath() throws Exception {
    int port = freePort();
    server = start(secureArgs(port), secureEnv());
    String base = "https://127.0.0.1:" + port;
    assertEquals(200, get(https, base + "/-/healthy", null).statusCode());
    for (String path : new String[] {"/-/healthyx", "/-/healthy/x", "/-/healthy/", "/metricsx"}) {
      assertEquals(401, get(https, base + path, null).statusCode(), path + " without credentials");
      HttpResponse<String> r = get(https, base + path, basic(USER, PASSWORD));
      assertEquals(404, r.statusCode(), path + ": " + r.body());
      assertFalse(r.body().contains("test_scrapes_total"), path);
    }
    int open = freePort();
    MetricsServer plain = start("host=127.0.0.1,port=" + open, Map.of());
    try {
      HttpClient c = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
      assertEquals(200, get(c, "http://127.0.0.1:" + open + "/-/healthy", null).statusCode());
      assertEquals(404, get(c, "http://127.0.0.1:" + open + "/-/healthyx", null).statusCode());
      assertEquals(404, get(c, "http://127.0.0.1:" + open + "/-/healthy/x", null).statusCode());
    } finally {
      plain.stop();
    }
  }

  /** The JDK's PKCS12 keystore type also reads JKS files (docs/security.md says so). */
  @Test
  void aJksKeystoreIsServedToo() throws Exception {
    Path jks = dir.resolve("exporter.jks");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p =
        new ProcessBuilder(
                keytool.toString(), "-importkeystore", "-noprompt",
                "-srckeystore", keystore.path.toString(), "-srcstoretype", "PKCS12",
                "-srcstorepass", keystore.password, "-destkeystore", jks.toString(),
                "-deststoretype", "JKS", "-deststorepass", keystore.password,
                "-destkeypass", keystore.password)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    byte[] magic = Files.readAllBytes(jks);
    assertEquals(0xFEEDFEED, java.nio.ByteBuffer.wrap(magic).getInt(), "a JKS file");
    int port = freePort();
    server =
        start("host=127.0.0.1,port=" + port + ",tls_keystore=" + jks
            + ",tls_keystore_password_env=KS_PW", Map.of("KS_PW", keystore.password));
    assertEquals(200, get(https, "https://127.0.0.1:" + port + "/metrics", null).statusCode());
  }

  @Test
  void passwordFromAFile() throws Exception {
    Path pw = dir.resolve("auth-pw");
    Files.writeString(pw, PASSWORD + "\n");
    Path kspw = dir.resolve("ks-pw");
    Files.writeString(kspw, keystore.password + "\n");
    int port = freePort();
    server =
        start(
            "host=127.0.0.1,port=" + port + ",tls_keystore=" + keystore.path
                + ",tls_keystore_password_file=" + kspw + ",auth_user=" + USER
                + ",auth_password_file=" + pw,
            Map.of());
    assertEquals(200, get(https, "https://127.0.0.1:" + port + "/metrics", basic(USER, PASSWORD)).statusCode());
  }

  @Test
  void checkCredentialsComparesBoth() {
    ScrapeAuthenticator a = new ScrapeAuthenticator("u", "p");
    assertTrue(a.checkCredentials("u", "p"));
    assertFalse(a.checkCredentials("u", "q"));
    assertFalse(a.checkCredentials("v", "p"));
    assertFalse(a.checkCredentials("", ""));
    assertFalse(a.checkCredentials("u", "p\0"));
    assertFalse(a.checkCredentials(null, null));
  }

  /** Fail closed: a TLS or auth problem means no server at all, never a plain or open one. */
  @Test
  void aBadKeystoreOrMissingSecretServesNothing() throws Exception {
    Path notAKeystore = dir.resolve("not-a-keystore.p12");
    Files.writeString(notAKeystore, "hello");
    Path missing = dir.resolve("missing.p12");
    String[][] cases = {
      // args, env KS_PW, expected message start
      {"tls_keystore=" + keystore.path + ",tls_keystore_password_env=KS_PW", "wrong",
        "option tls_keystore_password_env=KS_PW: the password does not open keystore '" + keystore.path + "'"},
      {"tls_keystore=" + keystore.path + ",tls_keystore_password_env=KS_PW", null,
        "option tls_keystore_password_env (from agent argument tls_keystore_password_env): environment variable KS_PW is not set or is empty"},
      {"tls_keystore=" + missing + ",tls_keystore_password_env=KS_PW", keystore.password,
        "option tls_keystore: keystore file '" + missing + "' does not exist"},
      {"tls_keystore=" + notAKeystore + ",tls_keystore_password_env=KS_PW", keystore.password,
        "option tls_keystore: cannot read '" + notAKeystore + "' as a PKCS12 keystore"},
      {"tls_keystore=" + keystore.path + ",tls_keystore_password_env=KS_PW,auth_user=u,auth_password_env=NOPE", keystore.password,
        "option auth_password_env (from agent argument auth_password_env): environment variable NOPE is not set or is empty"},
      {"auth_user=u,auth_password_file=" + missing, null,
        "option auth_password_file (from agent argument auth_password_file): cannot read password file '" + missing + "': no such file"},
    };
    for (String[] c : cases) {
      int port = freePort();
      Map<String, String> env = new HashMap<>();
      if (c[1] != null) {
        env.put("KS_PW", c[1]);
      }
      ExporterSetupException e =
          assertThrows(ExporterSetupException.class, () -> start("host=127.0.0.1,port=" + port + "," + c[0], env), c[0]);
      assertTrue(e.getMessage().startsWith(c[2]), e.getMessage());
      assertTrue(e.getMessage().contains("the exporter is not started"), e.getMessage());
      assertEquals(e.getMessage(), e.toString()); // logged as is
      if (c[1] != null) {
        assertFalse(e.getMessage().contains(c[1]) && !c[1].equals("wrong"), "secret in " + e.getMessage());
      }
      assertFalse(e.getMessage().contains(keystore.password), e.getMessage());
      assertFalse(listening(port), "something listens on " + port + " after: " + e.getMessage());
    }
  }

  /** Writes {@code request} and reads until the server closes, fails or {@code timeoutMillis} passes. */
  static String rawExchange(int port, byte[] request, int timeoutMillis) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          all.write(buf, 0, n);
        }
      } catch (IOException closedOrTimedOut) {
        // whatever arrived so far is the answer
      }
      return all.toString(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

}
