package dev.metricsagent.ui;

/**
 * Everything the page needs from one reading of the registry: the routes' samples by route id
 * (ids are handed out by {@link RegistryReader} and never reused, so a snapshot's array only
 * grows over time), and the process figures.
 */
final class Snapshot {
  /** Milliseconds since the epoch, from a monotonic clock: differences are exact intervals. */
  final long atMillis;

  /** The duration histogram's bucket upper bounds in seconds, the last {@code +Inf}. */
  final double[] upperBounds;

  /**
   * The routes known when this was taken, by id (at least {@code samples.length} of them); the
   * same array is shared by consecutive snapshots until a route is added.
   */
  final Route[] routes;

  /** Samples by route id; null where the route had no data points yet. */
  final RouteSample[] samples;

  /** Route ids in the app's route inventory ({@code http_route_info}) now. */
  final boolean[] registered;

  final ProcessSample process;

  /**
   * Native duration buckets by route id (null entries: none for that route); the whole array null
   * where the ring dropped them to save memory ({@link Sampler}: kept for the last minute and one
   * snapshot a minute), or where the histograms keep classic buckets only.
   */
  final NativeSample[] natives;

  Snapshot(
      long atMillis,
      double[] upperBounds,
      Route[] routes,
      RouteSample[] samples,
      boolean[] registered,
      ProcessSample process) {
    this(atMillis, upperBounds, routes, samples, registered, process, null);
  }

  Snapshot(
      long atMillis,
      double[] upperBounds,
      Route[] routes,
      RouteSample[] samples,
      boolean[] registered,
      ProcessSample process,
      NativeSample[] natives) {
    this.atMillis = atMillis;
    this.upperBounds = upperBounds;
    this.routes = routes;
    this.samples = samples;
    this.registered = registered;
    this.process = process;
    this.natives = natives;
  }

  /** This snapshot without its native buckets. */
  Snapshot withoutNatives() {
    return natives == null
        ? this
        : new Snapshot(atMillis, upperBounds, routes, samples, registered, process, null);
  }

  /** The route's native buckets: null when it has none (or the snapshot dropped them). */
  NativeSample nativeSample(int id) {
    return natives != null && id < natives.length ? natives[id] : null;
  }

  /** The route's sample, or null when it had none yet. */
  RouteSample sample(int id) {
    return id < samples.length ? samples[id] : null;
  }

  boolean registered(int id) {
    return id < registered.length && registered[id];
  }
}
