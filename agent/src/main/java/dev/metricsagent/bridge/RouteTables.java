package dev.metricsagent.bridge;

/**
 * Route tables met by requests (a Spark {@code Routes}, a Javalin servlet, Spring's dispatcher
 * and handler mappings, a Jersey application, a servlet context), each listed into the route
 * inventory once by the {@link RouteLister} of {@link Settings}: after an attach, or where no
 * hook sees the routes being added (servlet mappings). Remembered weakly and without a cap
 * ({@link WeakIdentitySet}): an undeployed web app's tables go with it, a redeployed one's are
 * listed again. Later calls cost a volatile read and an identity scan.
 */
public final class RouteTables {
  private static final WeakIdentitySet LISTED = new WeakIdentitySet();

  private RouteTables() {}

  /** A request (or the framework's start-up) used this route table. Never throws. */
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

  /**
   * A web app stopped and its routes left the inventory: every table is listed again at its next
   * use, as one restarted in place keeps its objects (Jetty's servlet context). Stops are rare; a
   * table of a web app still running lists the routes it already had.
   */
  static void forgetAll() {
    LISTED.clear();
  }

  /** True the first time {@code table} is met, false after (and for null). */
  static boolean firstSeen(Object table) {
    return table != null && LISTED.add(table);
  }
}
