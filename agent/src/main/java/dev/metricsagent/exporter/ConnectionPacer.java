package dev.metricsagent.exporter;

import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Paces requests per connection: a client that sends request after request on one connection
 * without reading the answers (HTTP pipelining, or a client that never reads) would otherwise
 * make the exporter collect and serialise the registry for each, up to hundreds of times a
 * second per connection while the kernel's socket buffers absorb the answers. Prometheus sends
 * one request per scrape interval; a browser a few at once. So each connection (its remote
 * address and port) has {@link #BURST} requests, refilled at {@link #PER_SECOND} a second, and a
 * request beyond that waits on its own thread (holding no CPU) until it has its turn.
 */
final class ConnectionPacer {
  static final int BURST = 2;
  static final int PER_SECOND = 1;

  /** Beyond this many tracked connections the table starts over: it never grows unbounded. */
  static final int MAX_TRACKED = 65_536;

  private static final long REFILL_NANOS = TimeUnit.SECONDS.toNanos(1) / PER_SECOND;

  private final Map<InetSocketAddress, Bucket> buckets =
      new ConcurrentHashMap<InetSocketAddress, Bucket>();

  /** Waits until the connection may send another request; returns the time waited (ns). */
  long await(InetSocketAddress connection) throws InterruptedException {
    if (connection == null) {
      return 0;
    }
    if (buckets.size() > MAX_TRACKED) {
      buckets.clear();
    }
    Bucket b = buckets.get(connection);
    if (b == null) {
      Bucket fresh = new Bucket(System.nanoTime());
      b = buckets.putIfAbsent(connection, fresh);
      if (b == null) {
        b = fresh;
      }
    }
    long wait = b.take(System.nanoTime());
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
    return wait;
  }

  /** Forgets connections idle long enough to have a full bucket again. */
  void purge(long now) {
    for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
      if (it.next().full(now)) {
        it.remove();
      }
    }
  }

  int tracked() {
    return buckets.size();
  }

  /**
   * A token bucket as a theoretical arrival time (GCRA): each request moves it one interval on;
   * a request may go once it is at most {@code BURST - 1} intervals ahead of now.
   */
  private static final class Bucket {
    private static final long TOLERANCE = (BURST - 1) * REFILL_NANOS;

    private long arrival;

    Bucket(long now) {
      arrival = now;
    }

    /** Takes a turn; returns how long the caller must wait for it (0: none). */
    synchronized long take(long now) {
      long at = Math.max(arrival, now);
      arrival = at + REFILL_NANOS;
      return Math.max(0, at - TOLERANCE - now);
    }

    synchronized boolean full(long now) {
      return arrival <= now;
    }
  }
}
