package dev.metricsagent.testapps.quarkus;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** A sub-resource locator: /albums/{albumId}/tracks/{num}. */
@Path("/albums")
public class Albums {
  @Path("/{albumId}/tracks")
  public Tracks tracks(@PathParam("albumId") String albumId) {
    return new Tracks(albumId);
  }

  public static class Tracks {
    private final String albumId;

    Tracks(String albumId) {
      this.albumId = albumId;
    }

    @GET
    @Path("/{num}")
    public String track(@PathParam("num") int num) {
      return "album " + albumId + " track " + num;
    }
  }
}
