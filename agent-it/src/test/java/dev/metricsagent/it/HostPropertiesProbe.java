package dev.metricsagent.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A child JVM's main for {@link HostPropertiesIT}: waits until the agent's exporter (if any)
 * serves, then starts the app's own JDK {@code HttpServer} and writes what the app sees: every
 * system property, and whether the JDK's request/response timer of {@code HttpServer} runs (it
 * does exactly when {@code sun.net.httpserver.maxReqTime} or {@code maxRspTime} was set when the
 * JVM's first server started). Paths and ports come from the environment, so the command line,
 * and with it the launch properties, is the same with and without the agent.
 */
public final class HostPropertiesProbe {
  private HostPropertiesProbe() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(System.getenv("PROBE_OUT"));
    String metricsPort = System.getenv("PROBE_METRICS_PORT");
    if (metricsPort != null) {
      awaitHealthy(Integer.parseInt(metricsPort));
    }
    HttpServer own =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    own.createContext(
        "/hello",
        x -> {
          byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(200, body.length);
          try (OutputStream o = x.getResponseBody()) {
            o.write(body);
          }
        });
    own.start();
    String hello = get(own.getAddress().getPort(), "/hello");
    int timers = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      timers += t.getName().equals("req-rsp-timeout-task") ? 1 : 0;
    }
    own.stop(0);
    List<String> lines = new ArrayList<>();
    Properties p = System.getProperties();
    for (var e : new TreeMap<>(p).entrySet()) {
      lines.add("property " + e.getKey() + "=" + String.valueOf(e.getValue()).replace("\n", "\\n"));
    }
    lines.add("own-server-answer " + hello.startsWith("HTTP/1.1 200"));
    lines.add("req-rsp-timeout-task threads " + timers);
    Files.write(out, lines);
    System.out.println("probe done");
  }

  private static void awaitHealthy(int port) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (get(port, "/-/healthy").startsWith("HTTP/1.1 200")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the exporter on " + port + " did not answer");
  }

  private static String get(int port, String path) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }
}
