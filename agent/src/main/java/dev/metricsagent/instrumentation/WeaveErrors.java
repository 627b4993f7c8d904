package dev.metricsagent.instrumentation;

import dev.metricsagent.AgentLog;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts every failed weave, and logs one line per type: the class is left as it was and the app
 * runs on, unmeasured there. Tests fail on any count (in process) or any such line (child JVMs,
 * {@code ChildJvm}), so a weave that silently stopped working cannot pass.
 */
public final class WeaveErrors {
  /** Start of the logged line; the test harness looks for it. */
  public static final String LINE_START = "could not instrument ";

  private static final AtomicInteger count = new AtomicInteger();
  private static final ConcurrentHashMap<String, Boolean> reported = new ConcurrentHashMap<>();

  private WeaveErrors() {}

  static void report(String typeName, Throwable error) {
    count.incrementAndGet();
    if (reported.putIfAbsent(typeName, Boolean.TRUE) == null) {
      AgentLog.warn(
          LINE_START
              + typeName
              + "; requests through it are not measured, the app runs on: "
              + error);
    }
  }

  /** Failed weaves since the JVM started. */
  public static int count() {
    return count.get();
  }
}
