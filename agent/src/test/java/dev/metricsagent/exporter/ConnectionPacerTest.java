package dev.metricsagent.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** A burst of 2 per connection goes at once; beyond it, requests are paced at 1 a second. */
class ConnectionPacerTest {
  @Test
  void aBurstGoesThenRequestsArePaced() throws Exception {
    ConnectionPacer p = new ConnectionPacer();
    InetSocketAddress a = new InetSocketAddress("127.0.0.1", 40001);
    InetSocketAddress b = new InetSocketAddress("127.0.0.1", 40002);
    long t0 = System.nanoTime();
    for (int i = 0; i < ConnectionPacer.BURST; i++) {
      assertEquals(0, p.await(a), "request " + i + " of the burst waited");
    }
    assertEquals(0, p.await(b), "another connection has its own burst");
    long waited = p.await(a);
    assertTrue(waited > 800_000_000L && waited <= 1_000_000_000L, "waited " + waited + " ns");
    long elapsed = System.nanoTime() - t0;
    assertTrue(elapsed >= 800_000_000L, "the fifth request went after " + elapsed + " ns");
    assertEquals(2, p.tracked());
    p.purge(System.nanoTime() + 10_000_000_000L);
    assertEquals(0, p.tracked(), "idle connections are forgotten");
  }
}
