import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The load generator {@code scripts/bench} falls back to when {@code wrk} is not installed: a
 * closed loop of keep-alive HTTP/1.1 GETs, one blocking socket per connection, printing the same
 * one {@code RESULT} line as the script's wrk Lua hook. Bounded by time and by a cap on recorded
 * samples per connection.
 *
 * <pre>{@code
 * java scripts/Bench.java --url http://127.0.0.1:8000/products/1 --connections 32 --duration 10
 * }</pre>
 */
public final class Bench {
  /** Latencies kept per connection; beyond this requests are still counted, not timed. */
  private static final int MAX_SAMPLES = 2_000_000;

  public static void main(String[] args) throws Exception {
    String url = null;
    int connections = 32;
    double duration = 10;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--url":
          url = args[++i];
          break;
        case "--connections":
          connections = Integer.parseInt(args[++i]);
          break;
        case "--duration":
          duration = Double.parseDouble(args[++i]);
          break;
        default:
          System.err.println("Bench: unknown argument " + args[i]);
          System.exit(2);
      }
    }
    if (url == null || connections < 1 || duration <= 0 || duration > 3600) {
      System.err.println("usage: Bench --url http://127.0.0.1:PORT/path [--connections N] [--duration S]");
      System.exit(2);
    }
    URI uri = URI.create(url);
    String host = uri.getHost();
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    byte[] request =
        ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAccept: */*\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    long start = System.nanoTime();
    long deadline = start + (long) (duration * 1e9);
    Worker[] workers = new Worker[connections];
    CountDownLatch done = new CountDownLatch(connections);
    for (int i = 0; i < connections; i++) {
      workers[i] = new Worker(host, port, request, deadline, done);
      Thread t = new Thread(workers[i], "bench-" + i);
      t.setDaemon(true);
      t.start();
    }
    done.await();
    long elapsed = System.nanoTime() - start;

    long requests = 0;
    long errors = 0;
    long non2xx = 0;
    int samples = 0;
    for (Worker w : workers) {
      requests += w.requests;
      errors += w.errors;
      non2xx += w.non2xx;
      samples += w.count;
    }
    long[] all = new long[samples];
    int at = 0;
    for (Worker w : workers) {
      System.arraycopy(w.latencies, 0, all, at, w.count);
      at += w.count;
    }
    Arrays.sort(all);
    System.out.println(
        String.format(
            Locale.ROOT,
            "RESULT requests=%d duration_us=%d p50_us=%.1f p99_us=%.1f errors=%d non2xx=%d",
            requests,
            elapsed / 1000,
            percentile(all, 50) / 1000.0,
            percentile(all, 99) / 1000.0,
            errors,
            non2xx));
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static final class Worker implements Runnable {
    private final String host;
    private final int port;
    private final byte[] request;
    private final long deadline;
    private final CountDownLatch done;
    long[] latencies = new long[1024];
    int count;
    long requests;
    long errors;
    long non2xx;

    Worker(String host, int port, byte[] request, long deadline, CountDownLatch done) {
      this.host = host;
      this.port = port;
      this.request = request;
      this.deadline = deadline;
      this.done = done;
    }

    @Override
    public void run() {
      try {
        while (System.nanoTime() < deadline) {
          try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(10_000);
            s.connect(new InetSocketAddress(host, port), 5_000);
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
            long now;
            while ((now = System.nanoTime()) < deadline) {
              out.write(request);
              out.flush();
              int status = readResponse(in);
              long latency = System.nanoTime() - now;
              requests++;
              if (status < 200 || status > 299) {
                non2xx++;
              }
              record(latency);
            }
          } catch (IOException e) {
            errors++;
          }
        }
      } finally {
        done.countDown();
      }
    }

    private void record(long latency) {
      if (count == latencies.length) {
        if (count >= MAX_SAMPLES) {
          return;
        }
        latencies = Arrays.copyOf(latencies, Math.min(MAX_SAMPLES, count * 2));
      }
      latencies[count++] = latency;
    }

    /** Reads one response (Content-Length or chunked body) and returns its status. */
    private static int readResponse(InputStream in) throws IOException {
      String statusLine = readLine(in);
      if (statusLine == null || statusLine.length() < 12) {
        throw new IOException("bad status line: " + statusLine);
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
        int colon = h.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = h.substring(0, colon).trim();
        String value = h.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Content-Length")) {
          length = Long.parseLong(value);
        } else if (name.equalsIgnoreCase("Transfer-Encoding")
            && value.toLowerCase(Locale.ROOT).contains("chunked")) {
          chunked = true;
        }
      }
      if (chunked) {
        for (long size; (size = Long.parseLong(readLine(in).split(";")[0].trim(), 16)) > 0; ) {
          skip(in, size);
          readLine(in);
        }
        for (String t = readLine(in); t != null && !t.isEmpty(); t = readLine(in)) {
          // trailers
        }
      } else if (length > 0) {
        skip(in, length);
      }
      return status;
    }

    private static void skip(InputStream in, long n) throws IOException {
      while (n > 0) {
        long k = in.skip(n);
        if (k <= 0) {
          if (in.read() < 0) {
            throw new IOException("connection closed mid-body");
          }
          k = 1;
        }
        n -= k;
      }
    }

    private static String readLine(InputStream in) throws IOException {
      StringBuilder sb = new StringBuilder(64);
      for (int c; (c = in.read()) >= 0; ) {
        if (c == '\n') {
          int len = sb.length();
          if (len > 0 && sb.charAt(len - 1) == '\r') {
            sb.setLength(len - 1);
          }
          return sb.toString();
        }
        sb.append((char) c);
      }
      throw new IOException("connection closed");
    }
  }
}
