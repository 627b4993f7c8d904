package dev.metricsagent.testapps.hostile;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slow and hostile clients of an HTTP port, all driven by one thread over non-blocking sockets,
 * each reconnecting at once when the server closes it (as slowloris tools and scanners do):
 *
 * <ul>
 *   <li>slow headers: a request line, then one header byte every {@code byteEvery} forever;
 *   <li>silent: connect and send nothing;
 *   <li>never read: send scrape requests back to back and never read an answer (small receive
 *       buffer, so the server's writes block soon).
 * </ul>
 *
 * <pre>{@code
 * try (HostileClients h = HostileClients.start(port, 200, 200, 50, Duration.ofSeconds(2))) {
 *   ...
 * }
 * }</pre>
 */
public final class HostileClients implements AutoCloseable {
  private static final byte[] HEAD =
      "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SCRAPE =
      "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private enum Kind {
    SLOW,
    SILENT,
    NEVER_READ
  }

  private final InetSocketAddress target;
  private final long byteEveryNanos;
  private final List<Conn> conns = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stop;
  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong closedByServer = new AtomicLong();

  private HostileClients(int port, int slow, int silent, int neverRead, long byteEveryMillis) {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    this.byteEveryNanos = TimeUnit.MILLISECONDS.toNanos(byteEveryMillis);
    for (int i = 0; i < slow; i++) {
      conns.add(new Conn(Kind.SLOW));
    }
    for (int i = 0; i < silent; i++) {
      conns.add(new Conn(Kind.SILENT));
    }
    for (int i = 0; i < neverRead; i++) {
      conns.add(new Conn(Kind.NEVER_READ));
    }
    thread = new Thread(this::loop, "hostile-clients");
    thread.setDaemon(true);
  }

  public static HostileClients start(
      int port, int slow, int silent, int neverRead, long byteEveryMillis) {
    HostileClients h = new HostileClients(port, slow, silent, neverRead, byteEveryMillis);
    h.thread.start();
    return h;
  }

  /** Connections opened so far (reconnects included). */
  public long connects() {
    return connects.get();
  }

  /** Connections the server closed (or reset). */
  public long closedByServer() {
    return closedByServer.get();
  }

  /** Connections open right now. */
  public int open() {
    int n = 0;
    synchronized (conns) {
      for (Conn c : conns) {
        n += c.channel != null && c.channel.isConnected() ? 1 : 0;
      }
    }
    return n;
  }

  private void loop() {
    ByteBuffer sink = ByteBuffer.allocate(4096);
    while (!stop) {
      long now = System.nanoTime();
      synchronized (conns) {
        for (Conn c : conns) {
          if (stop) {
            break;
          }
          c.step(now, sink);
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    thread.join(10_000);
    synchronized (conns) {
      for (Conn c : conns) {
        c.drop();
      }
    }
  }

  private final class Conn {
    final Kind kind;
    SocketChannel channel;
    long nextByte;
    ByteBuffer pending;

    Conn(Kind kind) {
      this.kind = kind;
    }

    void step(long now, ByteBuffer sink) {
      try {
        if (channel == null) {
          channel = SocketChannel.open();
          channel.configureBlocking(false);
          if (kind == Kind.NEVER_READ) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
          }
          channel.connect(target);
          connects.incrementAndGet();
          pending = null;
          return;
        }
        if (channel.isConnectionPending()) {
          if (!channel.finishConnect()) {
            return;
          }
          if (kind == Kind.SLOW) {
            pending = ByteBuffer.wrap(HEAD);
            nextByte = now + byteEveryNanos;
          }
        }
        switch (kind) {
          case SLOW:
            if (pending != null && pending.hasRemaining()) {
              channel.write(pending);
            } else if (now >= nextByte) {
              channel.write(ByteBuffer.wrap(new byte[] {'a'}));
              nextByte = now + byteEveryNanos;
            }
            checkOpen(sink);
            break;
          case SILENT:
            checkOpen(sink);
            break;
          case NEVER_READ:
            if (pending == null || !pending.hasRemaining()) {
              pending = ByteBuffer.wrap(SCRAPE);
            }
            channel.write(pending); // until the socket takes no more; never read
            break;
          default:
            throw new AssertionError(kind);
        }
      } catch (IOException closedOrReset) {
        closedByServer.incrementAndGet();
        drop();
      }
    }

    /** The server never answers these; -1 means it closed the connection. */
    private void checkOpen(ByteBuffer sink) throws IOException {
      sink.clear();
      if (channel.read(sink) < 0) {
        throw new IOException("closed by the server");
      }
    }

    void drop() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // closing
        }
        channel = null;
      }
    }
  }
}
