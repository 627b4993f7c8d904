package dev.metricsagent.testapps.jerseyweb;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** An album, from a locator declared to return {@code Object}. */
@Produces(MediaType.TEXT_PLAIN)
public class AlbumResource {
  private final int albumId;

  AlbumResource(int albumId) {
    this.albumId = albumId;
  }

  @GET
  public String get() {
    return "album " + albumId;
  }
}
