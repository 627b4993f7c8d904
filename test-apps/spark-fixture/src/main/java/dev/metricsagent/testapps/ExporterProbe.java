package dev.metricsagent.testapps;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * Scrapes a metrics agent's exporter from inside the app's {@code main}, as early as the app can:
 * GET {@code /metrics} until it answers 200, at most 120 s. Between attempts it looks at the
 * agent's start thread ({@code metrics-agent-start}): a timed wait there means the exporter was
 * waiting for something (the app's first request, a delay) instead of serving.
 *
 * <pre>{@code
 * String line = ExporterProbe.scrape(9464); // "exporter probe: 200 after 412 ms, 7 refused, ..."
 * }</pre>
 */
final class ExporterProbe {
  private static final String AGENT_START_THREAD = "metrics-agent-start";
  private static final long GIVE_UP_MILLIS = 120_000;
  private static final long POLL_MILLIS = 10;

  private ExporterProbe() {}

  /** Polls {@code http://127.0.0.1:port/metrics}; returns one line saying how it went. */
  static String scrape(int port) throws InterruptedException {
    long start = System.nanoTime();
    int refused = 0;
    int looks = 0;
    int timedWaits = 0;
    while (true) {
      long elapsed = (System.nanoTime() - start) / 1_000_000L;
      Thread agent = agentStartThread();
      if (agent != null) {
        looks++;
        if (agent.getState() == Thread.State.TIMED_WAITING) {
          timedWaits++;
        }
      }
      int status = get(port);
      if (status == 200 || elapsed > GIVE_UP_MILLIS) {
        return "exporter probe: " + status + " after " + elapsed + " ms, " + refused
            + " refused, agent start thread in a timed wait at " + timedWaits + " of " + looks
            + " looks";
      }
      refused++;
      Thread.sleep(POLL_MILLIS); // the interval of a bounded poll, not a guess at readiness
    }
  }

  private static Thread agentStartThread() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (AGENT_START_THREAD.equals(t.getName())) {
        return t;
      }
    }
    return null;
  }

  /** The status of one GET, or -1 when the connection is refused or fails. */
  private static int get(int port) {
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/metrics").openConnection();
      c.setConnectTimeout(5_000);
      c.setReadTimeout(30_000);
      int status = c.getResponseCode();
      InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream();
      if (body != null) {
        byte[] buffer = new byte[8192];
        while (body.read(buffer) >= 0) {
          // drained: the exporter's answer is read in full, as a scraper reads it
        }
        body.close();
      }
      return status;
    } catch (IOException e) {
      return -1;
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }
}
