package dev.metricsagent.exporter;

import java.lang.reflect.Method;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads the exporter's exchanges run on. On Java 24+ a virtual thread each: a client that
 * sends its request slowly then parks a virtual thread, not an OS thread. Before 24 the JDK's
 * server reads and writes inside {@code synchronized} methods, which pin a virtual thread to its
 * carrier (JEP 491 lifted that in 24), so slow clients would block the JVM's shared carriers,
 * the host's own virtual threads included; there, and on 17, daemon platform threads with small
 * stacks, made on demand up to the cap and ended after {@link #IDLE_SECONDS} idle.
 *
 * <pre>{@code
 * ExchangeThreads t = ExchangeThreads.forThisJvm("metrics-agent-http-", 256);
 * t.start(work);
 * }</pre>
 */
abstract class ExchangeThreads {
  /** A platform thread idle this long ends: between scrapes the exporter keeps none. */
  static final int IDLE_SECONDS = 10;

  /** An exchange needs little stack: the JDK's HTTP parsing and the text writer. */
  static final long STACK_BYTES = 256 * 1024;

  /** Runs {@code work} on a thread of its own. */
  abstract void start(Runnable work) throws RejectedExecutionException;

  /** "virtual threads" or "platform threads", for the docs and the tests. */
  abstract String kind();

  abstract void shutdown();

  /** Virtual threads where the JVM has them unpinned (24+), else the platform pool. */
  static ExchangeThreads forThisJvm(String prefix, int max) {
    ThreadFactory virtual = featureVersion() >= 24 ? virtualThreadFactory(prefix) : null;
    return virtual != null ? new Virtual(virtual) : new Platform(prefix, max);
  }

  static ExchangeThreads platform(String prefix, int max) {
    return new Platform(prefix, max);
  }

  /** {@code Runtime.version().feature()}, read without Java 9 API (the agent targets 8). */
  static int featureVersion() {
    String v = System.getProperty("java.specification.version", "1.8");
    try {
      return v.startsWith("1.") ? Integer.parseInt(v.substring(2)) : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return 8;
    }
  }

  /** {@code Thread.ofVirtual().name(prefix, 1).factory()}, by reflection (Java 8 bytecode). */
  private static ThreadFactory virtualThreadFactory(String prefix) {
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Class<?> type = Class.forName("java.lang.Thread$Builder");
      Method name = type.getMethod("name", String.class, long.class);
      builder = name.invoke(builder, prefix, 1L);
      return (ThreadFactory) type.getMethod("factory").invoke(builder);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static final class Virtual extends ExchangeThreads {
    private final ThreadFactory factory;

    Virtual(ThreadFactory factory) {
      this.factory = factory;
    }

    @Override
    void start(Runnable work) {
      factory.newThread(work).start();
    }

    @Override
    String kind() {
      return "virtual threads";
    }

    @Override
    void shutdown() {
      // nothing pooled; running exchanges end when the server closes their connections
    }
  }

  private static final class Platform extends ExchangeThreads {
    private final ThreadPoolExecutor pool;

    Platform(String prefix, int max) {
      // no queue: the caller admits at most max exchanges at once and queues the rest itself
      pool =
          new ThreadPoolExecutor(
              0,
              max,
              IDLE_SECONDS,
              TimeUnit.SECONDS,
              new SynchronousQueue<Runnable>(),
              new SmallDaemonThreads(prefix),
              new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    void start(Runnable work) {
      pool.execute(work);
    }

    @Override
    String kind() {
      return "platform threads";
    }

    @Override
    void shutdown() {
      pool.shutdownNow();
    }
  }

  /** Named daemon threads with small stacks: they must never keep the host's JVM alive. */
  static final class SmallDaemonThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger next = new AtomicInteger(1);

    SmallDaemonThreads(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(null, r, prefix + next.getAndIncrement(), STACK_BYTES);
      t.setDaemon(true);
      return t;
    }
  }
}
