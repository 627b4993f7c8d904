package dev.metricsagent.instrumentation.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.bridge.RecordedEvents;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.Settings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The JAX-RS advice called as the plain static methods it is, around a real in-memory Jersey
 * application: the handle entry and exit around Jersey's processing, the responder's entry with
 * the response Jersey made. Jersey on a server is covered by {@code Jersey31IT} and {@code
 * Jersey40IT}.
 */
class JaxrsAdviceTest {
  private final RecordedEvents recorder = RecordedEvents.install();
  private ApplicationHandler app = new ApplicationHandler(new ResourceConfig(Orders.class));

  /** A root resource at {@code /}, a template ending in {@code /}, sub-resource locators. */
  @Path("/")
  public static class Shop {
    @GET
    public String root() {
      return "shop";
    }

    @GET
    @Path("about/")
    public String about() {
      return "about";
    }

    @Path("items/{itemid}/")
    public Item item(@PathParam("itemid") int id) {
      if (id == 99) {
        throw new NotFoundException(Response.status(404).entity("item 99 is not found").build());
      }
      return new Item();
    }

    @Path("albums/{albumid}")
    public Object album() {
      return new Track();
    }
  }

  public static class Item {
    @GET
    public String get() {
      return "item";
    }

    @Path("tracks/{num}")
    public Track track() {
      return new Track();
    }
  }

  public static class Track {
    @GET
    public String get() {
      return "track";
    }
  }

  @Path("/orders")
  public static class Orders {
    @GET
    @Path("/{id}/items")
    public String items(@PathParam("id") String id) {
      return id;
    }

    @POST
    public String create() {
      return "created";
    }
  }

  @AfterEach
  void close() {
    recorder.close();
  }

  /** One request as the woven Jersey runs it; the responder writes what Jersey answered. */
  private ContainerResponse request(String method, String path) throws Exception {
    ContainerRequest req =
        new ContainerRequest(
            URI.create("http://localhost/"),
            URI.create("http://localhost" + path),
            method,
            null,
            new MapPropertiesDelegate(),
            app.getConfiguration());
    RequestState s = JerseyHandleAdvice.enter(app);
    ContainerResponse response = app.apply(req).get();
    JerseyResponderAdvice.enter(response);
    JerseyHandleAdvice.exit(s, app, req, null);
    return response;
  }

  @Test
  void templatesAreJoinedWithoutDoubledSlashesAlsoThroughLocators() throws Exception {
    app = new ApplicationHandler(new ResourceConfig(Shop.class));
    request("GET", "/");
    request("GET", "/about/");
    request("GET", "/items/1");
    request("GET", "/items/1/tracks/2");
    assertEquals(
        List.of(
            "GET / 200",
            "GET /about/ 200",
            "+GET /items/{itemid}/",
            "GET /items/{itemid}/ 200",
            "+GET /items/{itemid}/tracks/{num}",
            "GET /items/{itemid}/tracks/{num} 200"),
        recorder.events());
  }

  @Test
  void aLocatorThatThrowsKeepsTheTemplatesMatchedSoFar() throws Exception {
    app = new ApplicationHandler(new ResourceConfig(Shop.class));
    request("GET", "/items/99/tracks/2");
    assertEquals(List.of("GET /items/{itemid}/ 404"), recorder.events());
  }

  @Test
  void a405IsCountedUnderTheTemplateWhosePathMatched() throws Exception {
    Settings.install(Settings.NONE.withRouteFinder(new JerseyRouteFinder()));
    app = new ApplicationHandler(new ResourceConfig(Shop.class));
    request("DELETE", "/about");
    request("DELETE", "/");
    request("DELETE", "/items/1");
    assertEquals(
        List.of("DELETE /about/ 405", "DELETE / 405", "DELETE /items/{itemid}/ 405"),
        recorder.events());
  }

  /**
   * A request that reached Jersey's servlet but never Jersey (a filter in front refused it): the
   * container's end asks the finder with no handler and the servlet request; it gets the template
   * the servlet's Jersey app would have matched, with its own method.
   */
  @Test
  void aRequestJerseyNeverSawGetsTheTemplateItsServletWouldHaveMatched() throws Exception {
    Object context = servletContext();
    JerseyServletApps.remember(context, "jersey", List.of("/", "/items/{itemid}/"));
    assertEquals(List.of("TRACE /items/{itemid}/ 405"), refused("TRACE", "/items/1", context, "jersey"));
    assertEquals(List.of("GET / 401"), refused("GET", "/", context, "jersey"));
  }

  /** No template matches, or the servlet is no Jersey app the agent knows: unmatched. */
  @Test
  void aRequestJerseyNeverSawMatchingNoTemplateIsUnmatched() throws Exception {
    Object context = servletContext();
    JerseyServletApps.remember(context, "jersey", List.of("/items/{itemid}"));
    assertEquals(List.of("TRACE null 405"), refused("TRACE", "/nothing/here", context, "jersey"));
    assertEquals(List.of("TRACE null 405"), refused("TRACE", "/items/1", context, "other"));
  }

  /** The finder asked by a container's hook about a servlet request a filter answered. */
  private List<String> refused(String method, String path, Object context, String servlet)
      throws Exception {
    Settings.install(Settings.NONE.withRouteFinder(new JerseyRouteFinder()));
    int before = recorder.events().size();
    Object mapping = proxy(HttpServletMapping.class, Map.of("getServletName", servlet));
    Object request =
        proxy(
            HttpServletRequest.class,
            Map.of(
                "getMethod", method,
                "getHttpServletMapping", mapping,
                "getServletContext", context,
                "getRequestURI", "/app" + path,
                "getContextPath", "/app",
                "getServletPath", ""));
    RequestState s = Requests.start();
    new JerseyRouteFinder().find(JaxrsModule.NAME, null, request, s);
    int status = method.equals("TRACE") ? 405 : 401;
    s.answered(method, status, true, null);
    Requests.end(s, null, null);
    List<String> events = recorder.events();
    return events.subList(before, events.size());
  }

  private static Object servletContext() {
    return proxy(ServletContext.class, Map.of());
  }

  private static Object proxy(Class<?> type, Map<String, Object> answers) {
    return Proxy.newProxyInstance(
        type.getClassLoader(),
        new Class<?>[] {type},
        (p, m, args) ->
            m.getName().equals("hashCode") ? System.identityHashCode(p) : answers.get(m.getName()));
  }

  @Test
  void locatorsAreListedFromTheirDeclaredTypes() {
    Settings.install(Settings.NONE.withRouteLister(new JerseyRouteLister()));
    app = new ApplicationHandler(new ResourceConfig(Shop.class));
    JerseyStartupAdvice.exit(app);
    assertEquals(
        List.of(
            "+GET /",
            "+GET /about/",
            "+GET /items/{itemid}/",
            "+GET /items/{itemid}/tracks/{num}"),
        recorder.events().stream().sorted().toList());
  }

  @Test
  void theMatchedTemplatesAreJoinedOuterFirst() throws Exception {
    request("GET", "/orders/7/items");
    request("GET", "/orders/8/items");
    assertEquals(
        List.of("GET /orders/{id}/items 200", "GET /orders/{id}/items 200"), recorder.events());
  }

  @Test
  void noResourceIsUnmatchedWithTheStatusJerseyWrote() throws Exception {
    request("GET", "/nothing/here");
    assertEquals(List.of("GET null 404"), recorder.events());
  }

  /** An exception out of Jersey before any response was written is a 500. */
  @Test
  void anExceptionOutOfJerseyIsA500() {
    ContainerRequest req =
        new ContainerRequest(
            URI.create("http://localhost/"),
            URI.create("http://localhost/orders"),
            "POST",
            null,
            new MapPropertiesDelegate(),
            app.getConfiguration());
    RequestState s = JerseyHandleAdvice.enter(app);
    JerseyHandleAdvice.exit(s, app, req, new IllegalStateException("boom"));
    assertEquals(List.of("POST null 500"), recorder.events());
  }

  @Test
  void theResourceModelIsListedAtStartUp() {
    Settings.install(Settings.NONE.withRouteLister(new JerseyRouteLister()));
    JerseyStartupAdvice.exit(app);
    JerseyStartupAdvice.exit(app); // once per application
    assertEquals(List.of("+POST /orders", "+GET /orders/{id}/items"), recorder.events());
  }
}
