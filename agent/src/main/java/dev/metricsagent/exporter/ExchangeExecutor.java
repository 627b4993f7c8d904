package dev.metricsagent.exporter;

import io.prometheus.metrics.exporter.httpserver.HttpErrorHandlingPolicy;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The executor the exporter's JDK {@code HttpServer} runs its exchanges on, with limits that
 * apply to this server only (the JDK's own request timeouts are JVM-wide system properties).
 *
 * <p>The JDK's server hands a connection to the executor as soon as its first bytes arrive; the
 * exchange then reads the rest of the request on its thread. So each exchange gets:
 *
 * <ul>
 *   <li>a place among at most {@code maxRunning} running ones ({@code exporter_max_requests});
 *       beyond that it waits in a queue of {@link #MAX_WAITING}, and beyond that its connection
 *       is closed at once;
 *   <li>a deadline to finish receiving its request ({@code exporter_read_timeout}) and one to be
 *       done altogether, answer written ({@code exporter_request_timeout}). Past it the exchange's
 *       thread is interrupted, which closes the connection the thread waits on (socket channels
 *       are interruptible), so the JDK server ends the exchange;
 *   <li>when exchanges wait, the oldest running ones still receiving their request (older than
 *       {@link #EVICT_AFTER_MILLIS}) are closed to make room: a well-behaved client's request
 *       arrives in one packet, so those are the slow ones.
 * </ul>
 *
 * <pre>{@code
 * ExchangeExecutor e = new ExchangeExecutor(256, 5_000, 10_000, threads, log, "watchdog");
 * HTTPServer.builder(props)
 *     .executorService(e)
 *     .authenticator(new HeadReadMarker(auth, e.pacer()))
 *     .errorHandlingPolicy(e.errorPolicy());
 * }</pre>
 */
final class ExchangeExecutor extends AbstractExecutorService {
  /** Exchanges that wait for a place; a connection beyond these is closed unanswered. */
  static final int MAX_WAITING = 256;

  /** A request still arriving after this long may be closed when others wait for a place. */
  static final long EVICT_AFTER_MILLIS = 100;

  /** How often deadlines are checked: their precision. */
  static final long TICK_MILLIS = 200;

  private static final ThreadLocal<Exchange> CURRENT = new ThreadLocal<Exchange>();

  private final int maxRunning;
  private final long readTimeoutNanos;
  private final long requestTimeoutNanos;
  private final ExchangeThreads threads;
  private final HostileClientLog log;
  private final ConnectionPacer pacer = new ConnectionPacer();
  private final Object lock = new Object();
  /** In admission order: the oldest first. */
  private final LinkedHashSet<Exchange> running = new LinkedHashSet<Exchange>();

  private final ArrayDeque<Runnable> waiting = new ArrayDeque<Runnable>();
  private final Thread watchdog;
  private boolean shutdown;
  private int peakRunning;

  ExchangeExecutor(
      int maxRunning,
      long readTimeoutMillis,
      long requestTimeoutMillis,
      ExchangeThreads threads,
      HostileClientLog log,
      String watchdogName) {
    this.maxRunning = maxRunning;
    this.readTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis);
    this.requestTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(requestTimeoutMillis);
    this.threads = threads;
    this.log = log;
    this.watchdog = new Thread(this::watch, watchdogName);
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /**
   * Called on an exchange's thread once its request line and headers are in (see {@link
   * HeadReadMarker}); a no-op on any other thread.
   */
  static void headRead() {
    Exchange e = CURRENT.get();
    if (e != null) {
      e.headRead = true;
    }
  }

  @Override
  public void execute(Runnable task) {
    Exchange admitted;
    synchronized (lock) {
      if (shutdown) {
        throw new RejectedExecutionException("the exporter is stopping");
      }
      if (running.size() < maxRunning) {
        admitted = admit(task);
      } else if (waiting.size() < MAX_WAITING) {
        waiting.add(task);
        evictForWaiting(System.nanoTime());
        return;
      } else {
        log.refused();
        // the JDK's dispatcher closes the connection
        throw new RejectedExecutionException("all " + maxRunning + " exchanges busy");
      }
    }
    launch(admitted);
  }

  /** Under {@link #lock}. */
  private Exchange admit(Runnable task) {
    Exchange e = new Exchange(task);
    running.add(e);
    peakRunning = Math.max(peakRunning, running.size());
    return e;
  }

  private void launch(Exchange e) {
    try {
      threads.start(e);
    } catch (RejectedExecutionException | OutOfMemoryError noThread) {
      // a platform thread of the pool was still on its way back; the watchdog retries
      synchronized (lock) {
        running.remove(e);
        waiting.addFirst(e.task);
      }
    }
  }

  /** The next exchange for a thread that has finished one, or null (under no lock). */
  private Exchange finished(Exchange e) {
    synchronized (lock) {
      running.remove(e);
      if (!shutdown && running.size() < maxRunning) {
        Runnable next = waiting.poll();
        if (next != null) {
          return admit(next);
        }
      }
      return null;
    }
  }

  /** Under {@link #lock}: closes as many slow arrivals as exchanges wait, oldest first. */
  private void evictForWaiting(long now) {
    int needed = waiting.size();
    for (Exchange e : running) {
      if (e.closing) {
        needed--; // already on its way out: its place goes to a waiting one
      }
    }
    for (Iterator<Exchange> it = running.iterator(); needed > 0 && it.hasNext(); ) {
      Exchange e = it.next();
      if (!e.headRead && e.age(now) > TimeUnit.MILLISECONDS.toNanos(EVICT_AFTER_MILLIS)) {
        if (e.close()) {
          log.evicted();
          needed--;
        }
      }
    }
  }

  private void watch() {
    while (true) {
      try {
        Thread.sleep(TICK_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      List<Exchange> relaunch = new ArrayList<Exchange>();
      synchronized (lock) {
        if (shutdown) {
          return;
        }
        for (Exchange e : running) {
          long age = e.age(now);
          if (!e.headRead && age > readTimeoutNanos) {
            if (e.close()) {
              log.readTimeout();
            }
          } else if (age > requestTimeoutNanos) {
            if (e.close()) {
              log.requestTimeout();
            }
          }
        }
        while (!waiting.isEmpty() && running.size() < maxRunning) {
          relaunch.add(admit(waiting.poll()));
        }
        evictForWaiting(now);
      }
      for (Exchange e : relaunch) {
        launch(e);
      }
      pacer.purge(now);
      log.flush(now);
    }
  }

  /** Exchanges running now (for tests and the docs' figures). */
  int running() {
    synchronized (lock) {
      return running.size();
    }
  }

  /** The most exchanges that ever ran at once. */
  int peakRunning() {
    synchronized (lock) {
      return peakRunning;
    }
  }

  /**
   * The client logs every answer it could not write (a client that never read it, a connection
   * closed past its deadline) as a SEVERE stack trace through java.util.logging, i.e. into the
   * host's log. Those are counted into the one line a minute instead; any other scrape error
   * goes to the client's own reporter as before.
   */
  HttpErrorHandlingPolicy errorPolicy() {
    final Consumer<Throwable> jul = HttpErrorHandlingPolicy.julReporter();
    return HttpErrorHandlingPolicy.builder()
        .errorReporter(
            new Consumer<Exception>() {
              @Override
              public void accept(Exception e) {
                if (e instanceof IOException) {
                  log.unread();
                } else {
                  jul.accept(e);
                }
              }
            })
        .build();
  }

  /** Paces requests per connection; its table is purged by this executor's watchdog. */
  ConnectionPacer pacer() {
    return pacer;
  }

  String threadKind() {
    return threads.kind();
  }

  @Override
  public void shutdown() {
    synchronized (lock) {
      shutdown = true;
      waiting.clear();
    }
    watchdog.interrupt();
    threads.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    synchronized (lock) {
      for (Exchange e : running) {
        e.close();
      }
    }
    return Collections.emptyList();
  }

  @Override
  public boolean isShutdown() {
    synchronized (lock) {
      return shutdown;
    }
  }

  @Override
  public boolean isTerminated() {
    synchronized (lock) {
      return shutdown && running.isEmpty();
    }
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (!isTerminated()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /** One request on one connection, then, on the same thread, the next waiting one. */
  private final class Exchange implements Runnable {
    final Runnable task;
    volatile boolean headRead;
    /** Set under this exchange's monitor. */
    private Thread thread;

    private long startNanos;
    private boolean done;
    volatile boolean closing;

    Exchange(Runnable task) {
      this.task = task;
      this.startNanos = System.nanoTime();
    }

    @Override
    public void run() {
      Exchange e = this;
      while (e != null) {
        e.runHere();
        e = finished(e);
      }
    }

    private void runHere() {
      synchronized (this) {
        thread = Thread.currentThread();
        startNanos = System.nanoTime();
      }
      CURRENT.set(this);
      try {
        task.run();
      } catch (Throwable t) {
        // the JDK's exchange handles its own errors; nothing of it may end this thread's loop
      } finally {
        CURRENT.remove();
        synchronized (this) {
          done = true;
          thread = null;
        }
        Thread.interrupted(); // a deadline that hit just as it finished is not for the next one
      }
    }

    synchronized long age(long now) {
      return now - startNanos;
    }

    /** Interrupts the exchange's thread, closing the connection it waits on; false if over. */
    synchronized boolean close() {
      if (done || closing || thread == null) {
        return false;
      }
      closing = true;
      thread.interrupt();
      return true;
    }
  }
}
