package dev.metricsagent.testapps.jerseyweb;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** An item, reached through {@link RootResource#item}; its tracks through one more locator. */
@Produces(MediaType.TEXT_PLAIN)
public class ItemResource {
  private final int itemId;

  ItemResource(int itemId) {
    this.itemId = itemId;
  }

  @GET
  public String get() {
    return "item " + itemId;
  }

  @Path("tracks/{num}")
  public TrackResource track(@PathParam("num") int num) {
    return new TrackResource(itemId, num);
  }
}
