package dev.metricsagent.testapps.javalinalpha;

import io.javalin.Javalin;

/**
 * A small Javalin 7.0.0-alpha.4 app: a route with a path parameter, a before-handler that
 * rejects with 401, Javalin's own 404, on Javalin's embedded Jetty 12.
 *
 * <pre>{@code
 * java -jar javalin-7-alpha.jar
 * }</pre>
 *
 * <p>Prints {@code javalin-alpha listening on http://localhost:<port>} when ready.
 */
public final class JavalinAlphaApp {
  private JavalinAlphaApp() {}

  public static void main(String[] args) {
    Javalin app =
        Javalin.create(
            config -> {
              config.routes.get("/users/{id}", ctx -> ctx.result("user " + ctx.pathParam("id")));
              config.routes.before(
                  "/secret",
                  ctx -> {
                    if (ctx.header("X-Token") == null) {
                      ctx.status(401).result("no token");
                      ctx.skipRemainingHandlers();
                    }
                  });
              config.routes.get("/secret", ctx -> ctx.result("the secret"));
            });
    app.start("127.0.0.1", 0);
    System.out.println("javalin-alpha listening on http://localhost:" + app.port());
  }
}
