package dev.metricsagent.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
  void aRouteKeepsItsTemplatePerMountWhicheverStringsTheFrameworkHandsOver() {
    String path = "/items/:id"; // one route object's path, in two routers mounted apart
    for (int i = 0; i < 3; i++) {
      for (String mountPath : new String[] {"/v1/", "/v2/"}) {
        RequestState s = start("GET");
        String mount = new String("/api" + mountPath); // the raw mount point: a new string each time
        RouterMounts.mounted(s, null, mount, new String(mountPath.substring(0, 3) + "/"));
        RouterMounts.routeEntered(s, mount, path, null, true, false);
        RouterMounts.routeEntered(s, mount, new String(path), null, true, false);
        RouterMounts.routeEntered(s, null, new String("/files/"), null, false, false);
        RouterMounts.routeEntered(s, mount, path, null, true, false);
        end(s, 200);
      }
    }
    assertEquals(
        List.of(
            "GET /v1/items/:id 200", "GET /v2/items/:id 200",
            "GET /v1/items/:id 200", "GET /v2/items/:id 200",
            "GET /v1/items/:id 200", "GET /v2/items/:id 200"),
        recorder.events());
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

  /** A server's per-request context, as Vert.x's duplicated context shows its local data. */
  public static final class Context {
    private final ConcurrentMap<Object, Object> data = new ConcurrentHashMap<>();

    public ConcurrentMap<Object, Object> localContextData() {
      return data;
    }
  }

  /** A decoder's verdict, as Netty's {@code DecoderResult}. */
  public static final class Decoded {
    private final boolean success;

    Decoded(boolean success) {
      this.success = success;
    }

    public boolean isSuccess() {
      return success;
    }
  }

  /** A server request with its context and decoder verdict, as Vert.x's HTTP/1 request. */
  public static final class Request {
    private final Context context = new Context();
    private final boolean decoded;

    Request(boolean decoded) {
      this.decoded = decoded;
    }

    public Context context() {
      return context;
    }

    public Decoded decoderResult() {
      return new Decoded(decoded);
    }
  }

  /** A request whose {@code context()} declares a type without the getter, as Vert.x 4.5's. */
  public static final class Request45 {
    private final Context context = new Context();

    public Object context() {
      return context;
    }
  }

  @Test
  void aRequestWhoseContextIsDeclaredAsAnyTypeIsFoundByItsContextsClass() {
    Request45 request = new Request45();
    RequestState s = start("GET");
    assertTrue(ContextLocals.putOfRequest(request, null, s));
    assertSame(s, ContextLocals.ofRequest(request));
    // a request that shows no context (a wrapper): the context the router runs on
    Context running = new Context();
    RequestState t = start("GET");
    assertTrue(ContextLocals.putOfRequest(new Object(), running, t));
    assertSame(t, ContextLocals.get(running));
  }

  @Test
  void aRequestKeptInItsContextIsRecordedOnceWhenItsResponseEnds() {
    Request request = new Request(true);
    RequestState s = start("GET");
    assertTrue(ContextLocals.put(request.context(), s));
    RouterMounts.routeEntered(s, null, "/items/:id", null, true, false);
    RequestState ended = ContextLocals.ofRequest(request);
    assertSame(s, ended);
    ReactiveRequests.end(ended, "no-such-module", 200, null);
    // the connection closing after the end: the same state, ended already
    ReactiveRequests.end(ContextLocals.get(request.context()), "no-such-module", 500, null);
    assertFalse(ContextLocals.malformed(request));
    assertTrue(ContextLocals.malformed(new Request(false)));
    // no context, or an object that is none: the advice ends the request another way
    assertFalse(ContextLocals.put(null, s));
    assertFalse(ContextLocals.put(new Object(), s));
    assertNull(ContextLocals.ofRequest(new Object()));
    assertEquals(List.of("GET /items/:id 200"), recorder.events());
  }

  @Test
  void theFirstExceptionARequestFailedWithNamesIt() {
    RequestState s = start("GET");
    RouterMounts.routeEntered(s, null, "/items/:id", null, true, false);
    ReactiveRequests.failed(s, new NumberFormatException("x"));
    ReactiveRequests.failed(s, new IllegalStateException("a failure handler's own"));
    end(s, 500);
    RequestState t = start("GET");
    RouterMounts.routeEntered(t, null, "/items/:id", null, true, false);
    end(t, 404); // ctx.fail(404): no exception
    assertEquals(Arrays.asList("NumberFormatException", null), recorder.exceptions());
  }
}
