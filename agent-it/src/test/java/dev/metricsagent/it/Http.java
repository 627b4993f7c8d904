package dev.metricsagent.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP requests to a child on 127.0.0.1: any method (also HEAD and made-up ones like FOO) and
 * headers through {@link HttpClient}, and raw byte exchanges for byte-for-byte comparisons.
 *
 * <pre>{@code
 * Http.Reply r = new Http(port).send("FOO", "/hello", null, "X-Token", "t");
 * }</pre>
 */
final class Http {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  // HTTP/1.1 only: no h2c upgrade headers, so the app sees plain requests. Never follows redirects.
  private static final HttpClient CLIENT = newClient();

  private final int port;
  private final boolean connectionPerRequest;

  Http(int port) {
    this(port, false);
  }

  private Http(int port, boolean connectionPerRequest) {
    this.port = port;
    this.connectionPerRequest = connectionPerRequest;
  }

  /**
   * Requests each on a connection of its own, for the exporter: it paces requests on one
   * connection (2 at once, then 1 a second), so a test's third scrape on a kept-alive connection
   * would wait a second. (A {@code Connection: close} header would not do: the JDK's server closes
   * without saying so in its answer, and the client would reuse the closed connection.)
   */
  static Http connectionPerRequest(int port) {
    return new Http(port, true);
  }

  private HttpClient client() {
    return connectionPerRequest ? newClient() : CLIENT;
  }

  private static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  Reply get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  /**
   * @param body request body, or null for none
   * @param headers name, value, name, value, ...
   */
  Reply send(String method, String path, String body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<byte[]> r = client().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " on port " + port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code request} as is on a new connection and returns every byte the server sends
   * until it closes the connection (the request should say {@code Connection: close}).
   */
  byte[] raw(byte[] request) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout((int) TIMEOUT.toMillis());
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("raw request on port " + port, e);
    }
  }

  /**
   * Writes {@code request} on a new connection, reads until the answer shows {@code text}, and
   * closes the connection: a client that leaves a stream. Returns what it read.
   */
  String readUntil(byte[] request, String text) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout((int) TIMEOUT.toMillis());
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      int n;
      while (!all.toString(StandardCharsets.ISO_8859_1).contains(text)
          && (n = in.read(buffer)) > 0) {
        all.write(buffer, 0, n);
      }
      return all.toString(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException("request on port " + port, e);
    }
  }

  /** A response: status, headers, body bytes. */
  record Reply(int status, HttpHeaders headers, byte[] bodyBytes) {
    String body() {
      return new String(bodyBytes, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }
}
