package dev.metricsagent.testapps;

import static spark.Spark.after;
import static spark.Spark.awaitInitialization;
import static spark.Spark.before;
import static spark.Spark.delete;
import static spark.Spark.exception;
import static spark.Spark.get;
import static spark.Spark.halt;
import static spark.Spark.ipAddress;
import static spark.Spark.path;
import static spark.Spark.port;
import static spark.Spark.post;
import static spark.Spark.put;
import static spark.Spark.staticFiles;

/**
 * A SparkJava 2.9 app whose routes cover every way Spark can end a request, so the agent's
 * integration tests can check the labels it reports for each. No metrics code.
 *
 * <pre>{@code
 * java -jar test-apps/target/spark-fixture.jar --port 0
 * # stdout: fixture listening on http://localhost:<port>
 * }</pre>
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>GET /hello</td><td>200 {@code hello}</td></tr>
 *   <tr><td>GET, PUT, DELETE /items/:id</td><td>200</td></tr>
 *   <tr><td>GET /secure/data</td><td>200 with header X-Token, else 401 from a before filter's
 *       halt (no route lookup runs)</td></tr>
 *   <tr><td>GET /teapot</td><td>throws {@link TeapotException}, mapped to 418</td></tr>
 *   <tr><td>GET /boom</td><td>throws an unmapped RuntimeException: Spark's 500</td></tr>
 *   <tr><td>GET /teapot-after</td><td>route says 200, an after filter makes it 202</td></tr>
 *   <tr><td>GET /old</td><td>302 to /hello</td></tr>
 *   <tr><td>GET /index.html, /style.css</td><td>static files from the class path</td></tr>
 *   <tr><td>GET /nothing</td><td>route returns null: Spark answers 404</td></tr>
 *   <tr><td>GET /trail and /trail/</td><td>200; registered as two routes</td></tr>
 *   <tr><td>GET /slow?ms=N</td><td>200 after sleeping N ms (default 1000, at most 30000) inside
 *       the route: requests in flight while an agent attaches</td></tr>
 *   <tr><td>GET /api/v1/ping, POST /api/v1/echo</td><td>200 {@code pong} / the body,
 *       registered inside {@code path("/api")}</td></tr>
 *   <tr><td>GET /things/:id</td><td>200 for id 1, else the route itself answers 404</td></tr>
 *   <tr><td>GET /fragile/:id</td><td>200; with header X-Break a before filter throws (no route
 *       lookup runs): Spark's 500</td></tr>
 *   <tr><td>GET /late</td><td>200; registered after {@code awaitInitialization()}</td></tr>
 *   <tr><td>POST /admin/routes?count=N</td><td>200 {@code registered N}: registers N more GET
 *       routes {@code /dyn/<i>/:id} at runtime, numbered on from the last call (first call:
 *       0..N-1); each answers 200 {@code dyn <i> <id>}</td></tr>
 * </table>
 */
public final class SparkFixtureApp {
  /** The line tests wait for; the only thing written to stdout. */
  static final String READY = "fixture listening on http://localhost:";

  /** Routes {@code POST /admin/routes} registered so far. */
  private static int dynamicRoutes;

  private SparkFixtureApp() {}

  /** Thrown by {@code /teapot}; an exception mapper turns it into 418. */
  static final class TeapotException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TeapotException(String message) {
      super(message);
    }
  }

  public static void main(String[] args) {
    int port = 0;
    String host = "127.0.0.1";
    for (int i = 0; i < args.length; i++) {
      if ("--port".equals(args[i]) && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else if ("--host".equals(args[i]) && i + 1 < args.length) {
        host = args[++i];
      } else {
        System.err.println("usage: SparkFixtureApp [--port N] [--host H]; unknown: " + args[i]);
        System.exit(2);
      }
    }

    ipAddress(host);
    port(port);
    // Must come before the first route: Spark configures static files when it starts.
    staticFiles.location("/public");

    before(
        "/secure/*",
        (req, res) -> {
          if (req.headers("X-Token") == null) {
            halt(401, "token required");
          }
        });
    before(
        "/fragile/*",
        (req, res) -> {
          if (req.headers("X-Break") != null) {
            throw new IllegalStateException("filter broke (on purpose)");
          }
        });
    after("/teapot-after", (req, res) -> res.status(202));

    get("/hello", (req, res) -> "hello");
    get("/items/:id", (req, res) -> "item " + req.params(":id"));
    put("/items/:id", (req, res) -> "updated " + req.params(":id"));
    delete("/items/:id", (req, res) -> "deleted " + req.params(":id"));
    get("/secure/data", (req, res) -> "secret");
    get(
        "/teapot",
        (req, res) -> {
          throw new TeapotException("short and stout");
        });
    exception(
        TeapotException.class,
        (e, req, res) -> {
          res.status(418);
          res.body("I'm a teapot: " + e.getMessage());
        });
    get(
        "/boom",
        (req, res) -> {
          throw new IllegalStateException("boom (thrown on purpose by the fixture)");
        });
    get("/teapot-after", (req, res) -> "accepted later");
    get(
        "/old",
        (req, res) -> {
          res.redirect("/hello");
          return null;
        });
    get("/nothing", (req, res) -> null);
    get("/trail", (req, res) -> "trail");
    get("/trail/", (req, res) -> "trail with slash");
    get(
        "/slow",
        (req, res) -> {
          String ms = req.queryParams("ms");
          long millis = Math.min(30_000L, ms == null ? 1000L : Long.parseLong(ms));
          Thread.sleep(millis);
          return "slept " + millis + " ms";
        });
    path(
        "/api",
        () -> {
          get("/v1/ping", (req, res) -> "pong");
          post("/v1/echo", (req, res) -> req.body());
        });
    get(
        "/things/:id",
        (req, res) -> {
          if (!"1".equals(req.params(":id"))) {
            res.status(404);
            return "no such thing";
          }
          return "thing 1";
        });
    get("/fragile/:id", (req, res) -> "fragile " + req.params(":id"));
    post(
        "/admin/routes",
        (req, res) -> {
          int count = Integer.parseInt(req.queryParams("count"));
          synchronized (SparkFixtureApp.class) {
            for (int i = 0; i < count; i++) {
              int n = dynamicRoutes++;
              get("/dyn/" + n + "/:id", (rq, rs) -> "dyn " + n + " " + rq.params(":id"));
            }
          }
          return "registered " + count;
        });

    awaitInitialization();
    get("/late", (req, res) -> "registered after start");
    System.out.println(READY + port());
    System.out.flush();
  }
}
