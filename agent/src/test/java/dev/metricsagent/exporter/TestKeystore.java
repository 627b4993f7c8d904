package dev.metricsagent.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed PKCS12 keystore for 127.0.0.1 made by the JDK's keytool, and a client {@link
 * SSLContext} that trusts exactly its certificate.
 */
final class TestKeystore {
  final Path path;
  final String password;

  private TestKeystore(Path path, String password) {
    this.path = path;
    this.password = password;
  }

  static TestKeystore create(Path dir, String password) throws Exception {
    Path ks = dir.resolve("exporter.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p =
        new ProcessBuilder(
                List.of(
                    keytool.toString(), "-genkeypair", "-storetype", "PKCS12",
                    "-keystore", ks.toString(), "-storepass", password, "-keypass", password,
                    "-alias", "metrics-agent", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-validity", "2"))
            .redirectErrorStream(true)
            .start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    p.waitFor(120, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue(), "keytool: " + new String(out, StandardCharsets.UTF_8));
    return new TestKeystore(ks, password);
  }

  /** A client context trusting this keystore's certificate only. */
  SSLContext trustingContext() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(path)) {
      ks.load(in, password.toCharArray());
    }
    Certificate cert = ks.getCertificate("metrics-agent");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("exporter", cert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
