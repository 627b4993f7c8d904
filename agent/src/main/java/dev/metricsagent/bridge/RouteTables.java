package dev.metricsagent.bridge;

import java.util.Arrays;

/**
 * Route tables met by requests (a Spark {@code Routes}, a Javalin servlet, Spring's dispatcher
 * and handler mappings, a Jersey application, a servlet context), each listed into the route
 * inventory once by the {@link RouteLister} of {@link Settings}: after an attach, or where no
 * hook sees the routes being added (servlet mappings). Later calls cost a volatile read and an
 * identity check.
 */
public final class RouteTables {
  /** A handful per app: a servlet context, a framework's router, Spring's mappings. */
  private static final int MAX_TABLES = 32;

  private static volatile Object[] listed = new Object[0];

  private RouteTables() {}

  /** A request (or the framework's start-up) used this route table. */
  public static void inUse(Object table) {
    RouteLister lister = Settings.current().routeLister;
    if (lister == null || !firstSeen(table)) {
      return;
    }
    try {
      lister.listRoutes(table);
    } catch (Throwable t) {
      RecorderFailure.report(t);
    }
  }

  /** True the first time {@code table} is met (of at most {@value #MAX_TABLES}), false after. */
  static boolean firstSeen(Object table) {
    if (table == null) {
      return false;
    }
    for (Object known : listed) {
      if (known == table) {
        return false;
      }
    }
    synchronized (RouteTables.class) {
      Object[] known = listed;
      for (Object k : known) {
        if (k == table) {
          return false;
        }
      }
      if (known.length >= MAX_TABLES) {
        return false;
      }
      Object[] more = Arrays.copyOf(known, known.length + 1);
      more[known.length] = table;
      listed = more;
      return true;
    }
  }
}
