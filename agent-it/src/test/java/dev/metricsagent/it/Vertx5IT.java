package dev.metricsagent.it;

/** Vert.x Web 5.0.7: the cases of {@link VertxAppIT}. */
class Vertx5IT extends VertxAppIT {
  @Override
  String vertx() {
    return "5";
  }
}
