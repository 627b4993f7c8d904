package dev.metricsagent.testapps.javalin;

import static io.javalin.apibuilder.ApiBuilder.before;
import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import io.javalin.Javalin;
import io.javalin.apibuilder.EndpointGroup;
import io.javalin.http.ExceptionHandler;
import io.javalin.http.UnauthorizedResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Javalin app whose routes cover every way Javalin ends a request, so the agent's integration
 * tests can check the labels it reports for each. One source, built against Javalin 6 (Jetty 11)
 * and Javalin 7 (Jetty 12) by {@code test-apps/javalin-6} and {@code javalin-7}; the only
 * difference between the two lives in their {@link JavalinVersion}. No metrics code.
 *
 * <pre>{@code
 * java -jar test-apps/javalin-7/target/javalin-7-app.jar --port 0 [--context-path /api]
 * # stdout: javalin fixture listening on http://localhost:<port>
 * }</pre>
 *
 * <p>With {@code --context-path} ({@code config.router.contextPath}) every path below is under
 * it.
 *
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>GET /hello</td><td>200 {@code hello}; HEAD answered by Javalin from the GET
 *       route</td></tr>
 *   <tr><td>POST /users</td><td>201, set by the handler</td></tr>
 *   <tr><td>GET /users/{id}</td><td>200, or 404 set by the handler for id 0</td></tr>
 *   <tr><td>DELETE /users/{id}</td><td>204</td></tr>
 *   <tr><td>GET /files/&lt;path&gt;</td><td>200 {@code file <path>} (slashes included)</td></tr>
 *   <tr><td>GET /secure/{item}</td><td>200 with header X-Token, else 401: a before-handler on
 *       {@code /secure/*} throws {@link UnauthorizedResponse}</td></tr>
 *   <tr><td>GET /boom</td><td>throws an unmapped exception: Javalin's 500</td></tr>
 *   <tr><td>GET /teapot</td><td>throws {@link TeapotException}, mapped to 418 by {@code
 *       exception(...)}</td></tr>
 *   <tr><td>GET /async</td><td>200 {@code done later}, from {@code ctx.future(...)} completed on
 *       another thread after 50 ms</td></tr>
 *   <tr><td>GET /async-teapot</td><td>the future fails with {@link TeapotException}: 418</td></tr>
 *   <tr><td>GET /slow?ms=N</td><td>200 after sleeping N ms (default 1000, at most 30000)</td></tr>
 *   <tr><td>GET /index.html, /style.css</td><td>static files from the class path ({@code
 *       /public})</td></tr>
 *   <tr><td>another method on a route's path</td><td>Javalin's 405 ({@code
 *       http.prefer405over404} is on)</td></tr>
 *   <tr><td>anything else</td><td>Javalin's own 404</td></tr>
 * </table>
 */
public final class JavalinFixtureApp {
  /** The line tests wait for; the only thing written to stdout. */
  static final String READY = "javalin fixture listening on http://localhost:";

  /** Completes the futures of {@code /async}: daemon threads, so the app can exit. */
  private static final ExecutorService ASYNC =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "fixture-async");
            t.setDaemon(true);
            return t;
          });

  private JavalinFixtureApp() {}

  /** Thrown by {@code /teapot}; an exception mapper turns it into 418. */
  public static final class TeapotException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TeapotException(String message) {
      super(message);
    }
  }

  /** The exception mapper for {@link TeapotException}. */
  static final ExceptionHandler<TeapotException> TEAPOT =
      (e, ctx) -> ctx.status(418).result("I'm a teapot: " + e.getMessage());

  /** Every route, in Javalin's ApiBuilder idiom (the same source on 6 and 7). */
  static EndpointGroup routes() {
    return () -> {
      before(
          "/secure/*",
          ctx -> {
            if (ctx.header("X-Token") == null) {
              throw new UnauthorizedResponse("token required");
            }
          });
      get("/hello", ctx -> ctx.result("hello"));
      path(
          "/users",
          () -> {
            post(ctx -> ctx.status(201).result("created"));
            get(
                "/{id}",
                ctx -> {
                  String id = ctx.pathParam("id");
                  if ("0".equals(id)) {
                    ctx.status(404).result("no such user");
                  } else {
                    ctx.result("user " + id);
                  }
                });
            delete("/{id}", ctx -> ctx.status(204));
          });
      get("/files/<path>", ctx -> ctx.result("file " + ctx.pathParam("path")));
      get("/secure/{item}", ctx -> ctx.result("secret " + ctx.pathParam("item")));
      get(
          "/boom",
          ctx -> {
            throw new IllegalStateException("boom (thrown on purpose by the fixture)");
          });
      get(
          "/teapot",
          ctx -> {
            throw new TeapotException("short and stout");
          });
      get(
          "/async",
          ctx ->
              ctx.future(
                  () ->
                      CompletableFuture.supplyAsync(JavalinFixtureApp::later, ASYNC)
                          .thenAccept(ctx::result)));
      get(
          "/async-teapot",
          ctx ->
              ctx.future(
                  () ->
                      CompletableFuture.runAsync(
                          () -> {
                            throw new TeapotException("brewed asynchronously");
                          },
                          ASYNC)));
      get(
          "/slow",
          ctx -> {
            String ms = ctx.queryParam("ms");
            long millis = Math.min(30_000L, ms == null ? 1000L : Long.parseLong(ms));
            Thread.sleep(millis);
            ctx.result("slept " + millis + " ms");
          });
    };
  }

  private static String later() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "done later";
  }

  public static void main(String[] args) {
    int port = 0;
    String host = "127.0.0.1";
    String contextPath = "/";
    for (int i = 0; i < args.length; i++) {
      if ("--port".equals(args[i]) && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else if ("--host".equals(args[i]) && i + 1 < args.length) {
        host = args[++i];
      } else if ("--context-path".equals(args[i]) && i + 1 < args.length) {
        contextPath = args[++i];
      } else {
        System.err.println(
            "usage: JavalinFixtureApp [--port N] [--host H] [--context-path P]; unknown: "
                + args[i]);
        System.exit(2);
      }
    }
    Javalin app =
        JavalinVersion.create(routes(), TeapotException.class, TEAPOT, contextPath)
            .start(host, port);
    System.out.println(READY + app.port());
    System.out.flush();
  }
}
