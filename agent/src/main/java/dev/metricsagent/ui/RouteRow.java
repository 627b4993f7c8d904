package dev.metricsagent.ui;

/** One row of the table: a route's figures now. */
final class RouteRow {
  final Route route;
  final boolean registered;
  final long total;
  final double rate1m;
  final double rate5m;
  final long requests5m;
  final double clientErrors; // ratio over 5 min
  final double serverErrors;
  final Quantile p50;
  final Quantile p95;
  final Quantile p99;
  final long inProgress;

  /** Set by the view: p95 relative to the slowest route's (0..1), and whether it is that one. */
  double slowness;

  boolean slowest;

  RouteRow(
      Route route,
      boolean registered,
      long total,
      double rate1m,
      double rate5m,
      long requests5m,
      double clientErrors,
      double serverErrors,
      Quantile p50,
      Quantile p95,
      Quantile p99,
      long inProgress) {
    this.route = route;
    this.registered = registered;
    this.total = total;
    this.rate1m = rate1m;
    this.rate5m = rate5m;
    this.requests5m = requests5m;
    this.clientErrors = clientErrors;
    this.serverErrors = serverErrors;
    this.p50 = p50;
    this.p95 = p95;
    this.p99 = p99;
    this.inProgress = inProgress;
  }

  boolean neverCalled() {
    return total == 0 && inProgress == 0;
  }

  /** The fixed endpoints the agent names itself (not app routes). */
  boolean fixed() {
    return !registered
        && ("unmatched".equals(route.endpoint)
            || "static".equals(route.endpoint)
            || "overflow".equals(route.endpoint));
  }

  /** 0 (none) .. 4: how much of the last 5 minutes failed with 5xx, for the colour. */
  int failureLevel() {
    return level(serverErrors);
  }

  int clientErrorLevel() {
    return level(clientErrors);
  }

  private static int level(double ratio) {
    if (!(ratio > 0)) {
      return 0;
    }
    return ratio >= 0.2 ? 4 : ratio >= 0.05 ? 3 : ratio >= 0.01 ? 2 : 1;
  }
}
