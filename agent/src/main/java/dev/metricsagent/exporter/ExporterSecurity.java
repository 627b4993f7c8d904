package dev.metricsagent.exporter;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpsConfigurator;
import dev.metricsagent.config.AgentConfig;
import dev.metricsagent.config.AgentConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The exporter's TLS and basic authentication, built from the options and the secrets they point
 * to (read here, in the JVM the exporter runs in). Anything wrong is an {@link
 * ExporterSetupException} naming the option; the caller then serves nothing.
 */
final class ExporterSecurity {
  static final ExporterSecurity NONE = new ExporterSecurity(null, null);

  /** HTTPS with the keystore's key, or null for plain HTTP. */
  final HttpsConfigurator https;

  /** Basic authentication, or null for none. */
  final Authenticator authenticator;

  private ExporterSecurity(HttpsConfigurator https, Authenticator authenticator) {
    this.https = https;
    this.authenticator = authenticator;
  }

  static ExporterSecurity of(AgentConfig config, Map<String, String> env)
      throws ExporterSetupException {
    HttpsConfigurator https = null;
    if (config.tlsKeystore() != null) {
      https = new HttpsConfigurator(sslContext(config, env));
    }
    Authenticator auth = null;
    if (config.authUser() != null) {
      String password;
      try {
        password = config.readAuthPassword(env);
      } catch (AgentConfigException e) {
        throw new ExporterSetupException(
            e.getMessage() + "; the exporter is not started (never without authentication)");
      }
      auth = new ScrapeAuthenticator(config.authUser(), password);
    }
    return new ExporterSecurity(https, auth);
  }

  private static SSLContext sslContext(AgentConfig config, Map<String, String> env)
      throws ExporterSetupException {
    String notStarted = "; the exporter is not started (never over plain HTTP instead)";
    String path = config.tlsKeystore();
    char[] password;
    try {
      password = config.readTlsKeystorePassword(env);
    } catch (AgentConfigException e) {
      throw new ExporterSetupException(e.getMessage() + notStarted);
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(Paths.get(path))) {
        ks.load(in, password);
      } catch (NoSuchFileException e) {
        throw new ExporterSetupException(
            "option tls_keystore: keystore file '" + path + "' does not exist" + notStarted);
      } catch (IOException e) {
        if (e.getCause() instanceof UnrecoverableKeyException) {
          throw new ExporterSetupException(
              "option " + config.tlsKeystorePasswordSource() + ": the password does not open"
                  + " keystore '" + path + "' (option tls_keystore)" + notStarted);
        }
        throw new ExporterSetupException(
            "option tls_keystore: cannot read '" + path + "' as a PKCS12 keystore ("
                + e.getMessage() + ")" + notStarted);
      }
      if (!hasKey(ks)) {
        throw new ExporterSetupException(
            "option tls_keystore: keystore '" + path + "' holds no private key and certificate"
                + " (make one with keytool -genkeypair, see docs/security.md)" + notStarted);
      }
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (UnrecoverableKeyException e) {
      throw new ExporterSetupException(
          "option tls_keystore: the key in '" + path + "' has a password other than the"
              + " keystore's (" + config.tlsKeystorePasswordSource() + ")" + notStarted);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new ExporterSetupException(
          "option tls_keystore: cannot use keystore '" + path + "': " + e + notStarted);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static boolean hasKey(KeyStore ks) throws GeneralSecurityException {
    for (Enumeration<String> aliases = ks.aliases(); aliases.hasMoreElements(); ) {
      if (ks.isKeyEntry(aliases.nextElement())) {
        return true;
      }
    }
    return false;
  }
}
