package dev.metricsagent.bridge;

/**
 * What the agent tells the bridge once at start, as one immutable value: whether to read the
 * {@code traceparent} header, the size and connection readers, the route listers and finders,
 * and the agent's own class loader. Woven code reads it with one volatile read.
 *
 * <pre>{@code
 * Settings.install(Settings.NONE.withTraceparent(true).withRouteLister(listers));
 * }</pre>
 */
public final class Settings {
  /** Everything off. */
  public static final Settings NONE = new Settings(false, null, null, null, null, null);

  private static volatile Settings current = NONE;

  final boolean traceparentWanted;
  final SizeReader sizeReader;
  final RouteLister routeLister;
  final RouteFinder routeFinder;
  final ClassLoader agentLoader;
  final ConnectionReader connectionReader;

  private Settings(
      boolean traceparentWanted,
      SizeReader sizeReader,
      RouteLister routeLister,
      RouteFinder routeFinder,
      ClassLoader agentLoader,
      ConnectionReader connectionReader) {
    this.traceparentWanted = traceparentWanted;
    this.sizeReader = sizeReader;
    this.routeLister = routeLister;
    this.routeFinder = routeFinder;
    this.agentLoader = agentLoader;
    this.connectionReader = connectionReader;
  }

  /** Whether the exit advice reads the {@code traceparent} header (exemplars on). */
  public Settings withTraceparent(boolean wanted) {
    return new Settings(
        wanted, sizeReader, routeLister, routeFinder, agentLoader, connectionReader);
  }

  /** The size metrics' reader; null: sizes off. */
  public Settings withSizeReader(SizeReader reader) {
    return new Settings(
        traceparentWanted, reader, routeLister, routeFinder, agentLoader, connectionReader);
  }

  /** Lists the route tables requests meet ({@link RouteTables}); null: off. */
  public Settings withRouteLister(RouteLister lister) {
    return new Settings(
        traceparentWanted, sizeReader, lister, routeFinder, agentLoader, connectionReader);
  }

  /** Looks up the route of a request answered before routing ({@link Requests#findLate}). */
  public Settings withRouteFinder(RouteFinder finder) {
    return new Settings(
        traceparentWanted, sizeReader, routeLister, finder, agentLoader, connectionReader);
  }

  /** The loader of the agent's own classes: objects of its classes are never the app's. */
  public Settings withAgentLoader(ClassLoader loader) {
    return new Settings(
        traceparentWanted, sizeReader, routeLister, routeFinder, loader, connectionReader);
  }

  /** Reads scheme and protocol version, when the naming profile labels them; null: not read. */
  public Settings withConnectionReader(ConnectionReader reader) {
    return new Settings(
        traceparentWanted, sizeReader, routeLister, routeFinder, agentLoader, reader);
  }

  public static void install(Settings settings) {
    current = settings;
  }

  static Settings current() {
    return current;
  }

  /** Read by the exit advice: one volatile read, so the header is not looked up when off. */
  public static boolean traceparentWanted() {
    return current.traceparentWanted;
  }

  /** Whether the size metrics are on: advice reads a size only then. */
  public static boolean sizesWanted() {
    return current.sizeReader != null;
  }

  /**
   * Whether {@code handler} is one of the agent's own (the exporter runs on the same JDK HTTP
   * server classes as the app): its requests and contexts are not the app's.
   */
  public static boolean ownHandler(Object handler) {
    ClassLoader agent = current.agentLoader;
    return handler != null && agent != null && handler.getClass().getClassLoader() == agent;
  }
}
