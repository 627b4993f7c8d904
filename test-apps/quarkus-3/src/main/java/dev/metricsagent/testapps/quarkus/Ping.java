package dev.metricsagent.testapps.quarkus;

import io.quarkus.vertx.web.Route;
import io.vertx.ext.web.RoutingContext;

/** A reactive route: a Vert.x route of the app's router. */
public class Ping {
  @Route(path = "/rr/ping", methods = Route.HttpMethod.GET)
  void ping(RoutingContext ctx) {
    ctx.response().end("pong");
  }
}
