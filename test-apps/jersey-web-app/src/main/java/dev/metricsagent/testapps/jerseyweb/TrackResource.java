package dev.metricsagent.testapps.jerseyweb;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A track of an item, reached through two locators. */
@Produces(MediaType.TEXT_PLAIN)
public class TrackResource {
  private final int itemId;
  private final int num;

  TrackResource(int itemId, int num) {
    this.itemId = itemId;
    this.num = num;
  }

  @GET
  public String get() {
    return "track " + num + " of item " + itemId;
  }
}
