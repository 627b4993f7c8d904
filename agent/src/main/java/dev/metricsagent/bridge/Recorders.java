package dev.metricsagent.bridge;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds the core's {@link HttpRecorder} and delivers to it. The recorder may be built on another
 * thread, off the app's start-up path: while it is {@linkplain #pending() pending}, route events
 * and request ends wait for it (bounded) instead of being lost.
 */
public final class Recorders {
  private static volatile HttpRecorder recorder;

  /** Set while the recorder is built on another thread; released by {@link #set}. */
  private static volatile CountDownLatch pending;

  /** How long an event waits for a recorder being built (normally a few tens of ms). */
  static volatile long waitMillis = 10_000;

  private Recorders() {}

  /** The recorder is being built: until {@link #set}, events wait for it. */
  public static void pending() {
    pending = new CountDownLatch(1);
  }

  /**
   * Starts delivering to {@code r}; requests finishing before this are not seen unless {@link
   * #pending} was called. Null (the build failed) releases the waiters with nothing.
   */
  public static void set(HttpRecorder r) {
    recorder = r;
    CountDownLatch p = pending;
    if (p != null) {
      pending = null;
      p.countDown();
    }
  }

  /** The recorder; when there is none yet, waits (bounded) if one is being built. */
  static HttpRecorder get() {
    HttpRecorder r = recorder;
    return r != null ? r : await();
  }

  private static HttpRecorder await() {
    CountDownLatch p = pending;
    if (p != null) {
      try {
        if (!p.await(waitMillis, TimeUnit.MILLISECONDS)) {
          pending = null; // never came: later events must not wait too
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the app's interrupt: keep it, record nothing
      }
    }
    return recorder;
  }

  /**
   * The one recording path, for synchronous and async requests alike: the body sizes and the
   * connection when they are read, then the recorder.
   */
  static void record(CompletedRequest done, Object request, Object response) {
    HttpRecorder r = get();
    if (r == null) {
      return;
    }
    try {
      Settings settings = Settings.current();
      SizeReader sizes = settings.sizeReader;
      if (sizes != null) {
        done.sizes(sizes.requestBytes(request), sizes.responseBytes(response));
      }
      ConnectionReader connections = settings.connectionReader;
      if (connections != null) {
        done.connection(connections.connection(request));
      }
      r.record(done);
    } catch (Throwable t) {
      RecorderFailure.report(t);
    }
  }
}
