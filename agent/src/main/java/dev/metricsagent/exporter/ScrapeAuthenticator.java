package dev.metricsagent.exporter;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * HTTP basic authentication for the exporter: every path needs the configured user and password
 * except {@link #HEALTH_PATH}, which answers without credentials (it tells nothing but that the
 * port is up; see docs/security.md).
 *
 * <p>User and password are compared in constant time: both are always compared (also when the
 * user is wrong), as SHA-256 digests of their UTF-8 bytes with {@link MessageDigest#isEqual}, so
 * the time taken depends neither on where the input first differs nor on the secret's length.
 */
final class ScrapeAuthenticator extends BasicAuthenticator {
  static final String REALM = "metrics-agent";
  static final String HEALTH_PATH = "/-/healthy";

  private final byte[] userDigest;
  private final byte[] passwordDigest;

  ScrapeAuthenticator(String user, String password) {
    super(REALM);
    this.userDigest = sha256(user);
    this.passwordDigest = sha256(password);
  }

  @Override
  public Result authenticate(HttpExchange exchange) {
    if (HEALTH_PATH.equals(exchange.getHttpContext().getPath())) {
      return new Success(new HttpPrincipal("", REALM));
    }
    if (!wellFormed(exchange.getRequestHeaders().getFirst("Authorization"))) {
      // The JDK's parser throws on a header without ':' or with bad base64; answer 401 instead.
      exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
      return new Retry(401);
    }
    return super.authenticate(exchange);
  }

  @Override
  public boolean checkCredentials(String user, String password) {
    boolean userOk = MessageDigest.isEqual(sha256(user), userDigest);
    boolean passwordOk = MessageDigest.isEqual(sha256(password), passwordDigest);
    return userOk & passwordOk; // not &&: the password is compared also when the user is wrong
  }

  /** {@code Basic <base64 of user:password>}; an absent header is left to the JDK (401). */
  private static boolean wellFormed(String header) {
    if (header == null) {
      return true;
    }
    if (header.length() < 6 || !header.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
      return false;
    }
    try {
      byte[] decoded = Base64.getDecoder().decode(header.substring(6).trim());
      for (byte b : decoded) {
        if (b == ':') {
          return true;
        }
      }
      return false;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest((s == null ? "" : s).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
