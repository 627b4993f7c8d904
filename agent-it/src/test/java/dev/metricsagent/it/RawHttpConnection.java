package dev.metricsagent.it;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 keep-alive connection to 127.0.0.1 on a plain socket, one request at a time.
 *
 * <p>Unlike {@link java.net.http.HttpClient}, it never sends a request twice: clients that
 * silently retry an idempotent request after the server closed a kept-alive connection make the
 * server handle it twice, and a test counting requests exactly then sees one too many. When an
 * exchange fails, {@link #exchange} throws and the connection is closed: whether the server
 * handled that request is unknown, and the caller decides what that means.
 *
 * <pre>{@code
 * try (RawHttpConnection c = RawHttpConnection.open(port)) {
 *   RawHttpConnection.Response r = c.exchange("GET", "/hello");
 *   if (!c.isOpen()) { ... the server closed it: open another for the next request }
 * }
 * }</pre>
 */
final class RawHttpConnection implements Closeable {
  private static final int TIMEOUT_MILLIS = 30_000;
  private static final int MAX_LINE = 16 * 1024;

  private final int port;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private boolean open = true;

  private RawHttpConnection(int port, Socket socket) throws IOException {
    this.port = port;
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 4 * 1024);
  }

  /** Connects; a failure here means no request was sent. */
  static RawHttpConnection open(int port) throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout(TIMEOUT_MILLIS);
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
      return new RawHttpConnection(port, s);
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** False once the server said it closes the connection, or an exchange failed. */
  boolean isOpen() {
    return open;
  }

  /**
   * Sends one request without a body and reads its whole response.
   *
   * @param headers name, value, name, value, ...
   * @throws IOException the connection failed or the response was malformed: the server may or
   *     may not have handled the request. The connection is closed.
   */
  Response exchange(String method, String target, String... headers) throws IOException {
    if (!open) {
      throw new IllegalStateException("connection closed; open a new one");
    }
    try {
      StringBuilder req = new StringBuilder(128);
      req.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      req.append("Host: 127.0.0.1:").append(port).append("\r\n");
      for (int i = 0; i < headers.length; i += 2) {
        req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        req.append("Content-Length: 0\r\n");
      }
      req.append("\r\n");
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      Response r = readResponse("HEAD".equals(method));
      if (!open) {
        socket.close();
      }
      return r;
    } catch (IOException | RuntimeException e) {
      open = false;
      socket.close();
      throw e instanceof IOException ? (IOException) e : new ProtocolException(e.toString());
    }
  }

  private Response readResponse(boolean head) throws IOException {
    while (true) {
      String statusLine = readLine();
      // "HTTP/1.1 200 OK"; the reason phrase may be empty or missing
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new ProtocolException("bad status line: " + statusLine);
      }
      int status = Integer.parseInt(parts[1]);
      Map<String, String> h = readHeaders();
      if (status >= 100 && status < 200) {
        continue; // interim response; the final one follows
      }
      String connection = h.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
      boolean keepAlive =
          parts[0].equals("HTTP/1.1")
              ? !connection.contains("close")
              : connection.contains("keep-alive");
      byte[] body;
      String te = h.get("transfer-encoding");
      String cl = h.get("content-length");
      if (head || status == 204 || status == 304) {
        body = new byte[0];
      } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
        body = readChunked();
      } else if (cl != null) {
        body = readFully(Integer.parseInt(cl.trim()));
      } else {
        // no length: the body ends when the server closes the connection
        body = in.readAllBytes();
        keepAlive = false;
      }
      open = keepAlive;
      return new Response(status, h, body);
    }
  }

  private Map<String, String> readHeaders() throws IOException {
    Map<String, String> h = new LinkedHashMap<>();
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("bad header line: " + line);
      }
      h.merge(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
    }
    return h;
  }

  private byte[] readChunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String line = readLine();
      int semi = line.indexOf(';');
      int size = Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
      if (size == 0) {
        readHeaders(); // trailers, up to the empty line
        return body.toByteArray();
      }
      body.write(readFully(size));
      if (!readLine().isEmpty()) {
        throw new ProtocolException("chunk not followed by CRLF");
      }
    }
  }

  private byte[] readFully(int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new EOFException("body ended after " + b.length + " of " + n + " bytes");
    }
    return b;
  }

  /** A line without its CRLF (a lone LF is accepted too); EOF before the end is an error. */
  private String readLine() throws IOException {
    StringBuilder b = new StringBuilder(64);
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException(
            b.length() == 0 ? "connection closed by the server" : "connection closed mid-line");
      }
      if (c == '\n') {
        int len = b.length();
        if (len > 0 && b.charAt(len - 1) == '\r') {
          b.setLength(len - 1);
        }
        return b.toString();
      }
      if (b.length() >= MAX_LINE) {
        throw new ProtocolException("line longer than " + MAX_LINE);
      }
      b.append((char) c);
    }
  }

  @Override
  public void close() throws IOException {
    open = false;
    socket.close();
  }

  /** A final response: status, headers (names lower case, repeats joined), body. */
  record Response(int status, Map<String, String> headers, byte[] body) {}
}
