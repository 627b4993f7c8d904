package dev.metricsagent.instrumentation.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metricsagent.bridge.RecordedEvents;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Settings;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.net.URI;
import java.util.List;
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
  private final ApplicationHandler app = new ApplicationHandler(new ResourceConfig(Orders.class));

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
