package dev.metricsagent.exporter;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

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
  static final String CHALLENGE = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";

  private final byte[] userDigest;
  private final byte[] passwordDigest;

  ScrapeAuthenticator(String user, String password) {
    super(REALM);
    this.userDigest = sha256(user);
    this.passwordDigest = sha256(password);
  }

  @Override
  public Result authenticate(HttpExchange exchange) {
    if (HEALTH_PATH.equals(exchange.getRequestURI().getRawPath())) {
      return new Success(new HttpPrincipal("", REALM));
    }
    String[] credentials = credentials(exchange.getRequestHeaders().getFirst("Authorization"));
    if (credentials != null && checkCredentials(credentials[0], credentials[1])) {
      return new Success(new HttpPrincipal(credentials[0], REALM));
    }
    // every 401 says how to authenticate (RFC 7235), also for a header the JDK's parser rejects
    exchange.getResponseHeaders().set("WWW-Authenticate", CHALLENGE);
    return new Retry(401);
  }

  @Override
  public boolean checkCredentials(String user, String password) {
    boolean userOk = MessageDigest.isEqual(sha256(user), userDigest);
    boolean passwordOk = MessageDigest.isEqual(sha256(password), passwordDigest);
    return userOk & passwordOk; // not &&: the password is compared also when the user is wrong
  }

  /**
   * User and password of a {@code Basic} header (the scheme in any case, RFC 7617 and 7235), or
   * null when the header is absent or not one.
   */
  static String[] credentials(String header) {
    if (header == null) {
      return null;
    }
    String h = header.trim();
    int sp = h.indexOf(' ');
    if (sp < 0 || !h.substring(0, sp).equalsIgnoreCase("Basic")) {
      return null;
    }
    try {
      String decoded =
          new String(Base64.getDecoder().decode(h.substring(sp + 1).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0
          ? null
          : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
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
