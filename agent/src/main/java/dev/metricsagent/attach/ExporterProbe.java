package dev.metricsagent.attach;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;

/**
 * Waits for a freshly attached agent's exporter to answer: its health path over plain HTTP, or,
 * with TLS (whose certificate this command cannot know), a TCP connection to its port.
 */
final class ExporterProbe {
  private ExporterProbe() {}

  static boolean answers(String host, int port, boolean tls, long timeoutMillis) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      if (tls ? accepts(host, port) : healthy(host, port)) {
        return true;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static boolean healthy(String host, int port) {
    try {
      HttpURLConnection c =
          (HttpURLConnection) new URL("http://" + host + ":" + port + "/-/healthy").openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(1000);
      int status = c.getResponseCode();
      c.disconnect();
      return status == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean accepts(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
