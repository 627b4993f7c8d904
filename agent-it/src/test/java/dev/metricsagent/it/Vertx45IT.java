package dev.metricsagent.it;

/** Vert.x Web 4.5.27: the cases of {@link VertxAppIT}. */
class Vertx45IT extends VertxAppIT {
  @Override
  String vertx() {
    return "4.5";
  }
}
