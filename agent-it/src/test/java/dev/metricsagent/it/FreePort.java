package dev.metricsagent.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Free loopback ports, and a check whether anything listens on one. */
final class FreePort {
  private FreePort() {}

  /** One port that was free a moment ago (the OS hands out ephemeral ports round-robin). */
  static int find() {
    return distinct(1)[0];
  }

  /** {@code n} different free ports: all are held open at once, so none repeats. */
  static int[] distinct(int n) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : held) {
        try {
          s.close();
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  /** Whether a TCP connection to 127.0.0.1:{@code port} is accepted. */
  static boolean isListening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
