package dev.metricsagent.attach;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;

/** Waits for a freshly attached agent's exporter to answer its health path. */
final class ExporterProbe {
  private ExporterProbe() {}

  static boolean healthy(String host, int port, long timeoutMillis) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      try {
        HttpURLConnection c =
            (HttpURLConnection) new URL("http://" + host + ":" + port + "/-/healthy").openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(1000);
        int status = c.getResponseCode();
        c.disconnect();
        if (status == 200) {
          return true;
        }
      } catch (IOException e) {
        // not up yet
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
}
