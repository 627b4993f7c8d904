package dev.metricsagent.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A reactive request routed through a chain of routes and mounted routers (Vert.x Web), driven
 * the way its advice drives it: the innermost route names it under the mount templates, a
 * middleware route only names what it answers, the router's own 404 is unmatched, and the end
 * handler records it once.
 */
class NestedRoutersTest {
  private final RecordedEvents recorder = RecordedEvents.install();

  @AfterEach
  void close() {
    recorder.close();
  }

  /** The framework's end-callback type and response type, as the advice passes them. */
  public interface Callback {
    void handle(Object result);
  }

  public interface Response {
    int getStatusCode();
  }

  private static RequestState start(String method) {
    return ReactiveRequests.start(new Object(), method, null, null);
  }

  private static void end(RequestState s, int status) {
    Response response = () -> status;
    Callback end =
        (Callback) EndHandlers.of(Callback.class, Response.class, response, s, "no-such-module");
    end.handle(null);
    end.handle(null); // the connection closing after the end: ignored
  }

  @Test
  void theInnermostRouteNamesTheRequestUnderEveryMountTemplate() {
    RequestState s = start("GET");
    RouterMounts.routeEntered(s, null, null, null, false, false); // BodyHandler on route()
    RouterMounts.routeEntered(s, null, "/users/:uid/", null, false, false); // the mount's route
    RouterMounts.mounted(s, null, "/users/7/", "/users/:uid/"); // parameterized: the raw path
    RouterMounts.routeEntered(s, "/users/7/", "/orders/:oid", null, true, false);
    end(s, 200);
    assertEquals(List.of("GET /users/:uid/orders/:oid 200"), recorder.events());
  }

  @Test
  void nestedMountsJoinTheirTemplates() {
    RequestState s = start("GET");
    RouterMounts.mounted(s, null, "/api/", "/api/");
    RouterMounts.mounted(s, "/api/", "/api/v2/", "/v2/");
    RouterMounts.routeEntered(s, "/api/v2/", "/items/:id", null, true, false);
    end(s, 200);
    assertEquals(List.of("GET /api/v2/items/:id 200"), recorder.events());
  }

  @Test
  void aRegexRouteIsItsRegexAndAPathlessOneItsMountPoint() {
    RequestState s = start("GET");
    RouterMounts.routeEntered(s, null, null, "/reports/([0-9]{4})", true, false);
    end(s, 200);
    RequestState t = start("GET");
    RouterMounts.mounted(t, null, "/api/", "/api/");
    RouterMounts.routeEntered(t, "/api/", null, null, false, false);
    end(t, 200);
    assertEquals(
        List.of("GET /reports/([0-9]{4}) 200", "GET /api/ 200"), recorder.events());
  }

  @Test
  void aMiddlewareRouteThatRefusesKeepsItsWildcardWhenNoRouteIsBehindIt() {
    RequestState s = start("GET");
    RouterMounts.routeEntered(s, null, "/secure/", null, false, false);
    end(s, 401); // the finder of no module: nothing found
    assertEquals(List.of("GET /secure/* 401"), recorder.events());
  }

  @Test
  void theRoutersOwnAnswerWithNoRouteIsUnmatchedWhateverMiddlewareRan() {
    RequestState s = start("GET");
    RouterMounts.routeEntered(s, null, null, null, false, false);
    RouterMounts.routeEntered(s, null, "/static/", null, false, true); // the file was not there
    ReactiveRequests.noRouteMatched(s);
    end(s, 404);
    assertEquals(List.of("GET null 404"), recorder.events());
  }

  @Test
  void aStaticHandlersFileIsStaticAndAFailureAfterARouteKeepsIt() {
    RequestState s = start("GET");
    RouterMounts.routeEntered(s, null, "/static/", null, false, true);
    end(s, 200);
    RequestState t = start("GET");
    RouterMounts.routeEntered(t, null, "/items/:id", null, true, false);
    end(t, 404); // ctx.fail(404), answered by a failure handler: no route entered
    assertEquals(
        List.of("GET " + Requests.STATIC_RESOURCE + " 200", "GET /items/:id 404"),
        recorder.events());
  }

  @Test
  void aResourceMethodNamesTheRequestOnItsWildcardRouteAndALocatorsSubResourceJoinsIt() {
    RequestState s = start("GET");
    RouterMounts.routeEntered(s, null, "/", null, false, false); // Quarkus REST's /* route
    RouterMounts.resourceEntered(s, "/api", "/albums", "/{albumId}/tracks", false, null);
    RouterMounts.resourceEntered(s, "/api", null, "/{num}", true, "GET"); // its result
    end(s, 200);
    RequestState t = start("GET");
    RouterMounts.routeEntered(t, null, "/", null, false, false);
    RouterMounts.resourceEntered(t, "", "/items", "/{id}", false, "GET");
    end(t, 401); // a filter refused it after the method was chosen: not the wildcard route's
    assertEquals(
        List.of(
            "+GET /api/albums/{albumId}/tracks/{num}", // listed when first reached
            "GET /api/albums/{albumId}/tracks/{num} 200",
            "GET /items/{id} 401"),
        recorder.events());
    // in progress on the resource methods, never on the locator's or the wildcard route
    assertEquals(
        List.of("GET /api/albums/{albumId}/tracks/{num}", "GET /items/{id}"), recorder.started());
  }

  @Test
  void underQuarkussRootPathTheRequestAndTheListedTemplateAgree() {
    // quarkus.http.root-path=/api: Quarkus mounts its app router there, and RESTEasy's prefix
    // (root path and application path) is from the server's root already
    RequestState s = start("GET");
    RouterMounts.mounted(s, null, "/api/", "/api/");
    RouterMounts.routeEntered(s, "/api/", "/", null, false, false); // Quarkus REST's /* route
    RouterMounts.resourceEntered(s, "/api/rest", "/items", "/{id}", false, "GET");
    end(s, 200);
    String listed = RouterMounts.resourceTemplate("/api/rest", "/items", "/{id}");
    assertEquals("/api/rest/items/{id}", listed);
    assertEquals(List.of("GET " + listed + " 200"), recorder.events());
  }

  @Test
  void aResourceTemplateJoinsPrefixClassAndMethodPathsWithoutDoubledOrTrailingSlashes() {
    assertEquals("/items/{id}", RouterMounts.resourceTemplate("", "/items/", "/{id}"));
    assertEquals("/items", RouterMounts.resourceTemplate("/", "items", null));
    assertEquals("/api/items/{id}", RouterMounts.resourceTemplate("/api", "/items", "{id}"));
    assertEquals("/api/items/{id}", RouterMounts.resourceTemplate("api/", "/items/", "/{id}"));
    assertEquals("/api", RouterMounts.resourceTemplate("/api", "/", "/"));
    assertEquals("/", RouterMounts.resourceTemplate(null, "/", null));
  }
}
