package dev.metricsagent.testapps.vertx;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * A Vert.x Web app in Vert.x idioms, one source for Vert.x 4.5 and 5: a {@code BodyHandler} on
 * every route, a sub-router mounted at {@code /api} with a sub-router of its own at {@code /v2},
 * a sub-router mounted at a parameterized path ({@code /users/:uid/*}), path parameters, {@code
 * ctx.fail(404)} from a matched route, a handler that throws, a timer, a chunked stream, an auth
 * handler that fails with 401 in front of {@code /secure/data}, a regex route, a route for any
 * method, a {@code StaticHandler}, a route that sets the response's own end handler, and one
 * failure handler for every failure. No metrics code.
 *
 * <p>{@code java -jar vertx-5-app.jar [--port N] [--host H]} (port 0, the default: a free one);
 * prints {@code vertx-app listening on http://localhost:PORT}.
 */
public final class VertxApp {
  private VertxApp() {}

  /** Responses {@code /own-end} saw end, through its own end handler. */
  private static int ownEnds;

  public static void main(String[] args) {
    int port = 0;
    String host = "127.0.0.1";
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--port")) {
        port = Integer.parseInt(args[i + 1]);
      } else if (args[i].equals("--host")) {
        host = args[i + 1];
      }
    }
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.get("/hello").handler(ctx -> ctx.end("hello"));
    router.route("/ping").handler(ctx -> ctx.end("pong")); // any method
    router
        .get("/own-end")
        .handler(
            ctx -> {
              // the app's own end handler replaces Vert.x Web's on the response
              ctx.response().endHandler(v -> ownEnds++);
              ctx.end("own end");
            });
    router.route("/secure/*").handler(new TokenAuthHandler());
    router.get("/secure/data").handler(ctx -> ctx.end("secret"));
    router
        .getWithRegex("/reports/([0-9]{4})")
        .handler(ctx -> ctx.end("report " + ctx.pathParam("param0")));
    router.route("/static/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    router.route("/api/*").subRouter(api(vertx));
    Router users = Router.router(vertx);
    users.get("/orders/:oid").handler(ctx -> ctx.end("order " + ctx.pathParam("oid")));
    router.route("/users/:uid/*").subRouter(users);
    router.route().failureHandler(VertxApp::failed);
    vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(port, host)
        .onSuccess(
            s -> System.out.println("vertx-app listening on http://localhost:" + s.actualPort()))
        .onFailure(
            t -> {
              t.printStackTrace();
              System.exit(1);
            });
  }

  private static Router api(Vertx vertx) {
    Router api = Router.router(vertx);
    api.get("/items/:id")
        .handler(
            ctx -> {
              int id = Integer.parseInt(ctx.pathParam("id")); // not a number: a 500
              if (id == 0) {
                ctx.fail(404);
              } else {
                ctx.response()
                    .putHeader("content-type", "application/json")
                    .end("{\"id\":" + id + "}");
              }
            });
    api.post("/items")
        .handler(ctx -> ctx.response().setStatusCode(201).end("created " + ctx.body().asString()));
    api.get("/slow").handler(ctx -> vertx.setTimer(30, t -> ctx.end("slow")));
    api.get("/stream")
        .handler(
            ctx -> {
              HttpServerResponse r = ctx.response().setChunked(true);
              r.write("tick 1\n");
              long timer = vertx.setPeriodic(20, t -> r.write("tick\n"));
              ctx.addEndHandler(done -> vertx.cancelTimer(timer)); // ended or the client left
            });
    Router v2 = Router.router(vertx);
    v2.get("/items/:id").handler(ctx -> ctx.end("v2 item " + ctx.pathParam("id")));
    api.route("/v2/*").subRouter(v2);
    return api;
  }

  /** Every failure: the status it failed with (500 for an exception), as text. */
  private static void failed(RoutingContext ctx) {
    int code = ctx.statusCode() == -1 ? 500 : ctx.statusCode();
    ctx.response().setStatusCode(code).end("failed: " + code);
  }

  /** Lets a request with {@code X-Token: t0ken} through, fails any other with 401. */
  static final class TokenAuthHandler implements Handler<RoutingContext> {
    @Override
    public void handle(RoutingContext ctx) {
      if ("t0ken".equals(ctx.request().getHeader("X-Token"))) {
        ctx.next();
      } else {
        ctx.fail(401);
      }
    }
  }
}
