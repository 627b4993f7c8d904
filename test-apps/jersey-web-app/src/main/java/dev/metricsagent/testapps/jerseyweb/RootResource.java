package dev.metricsagent.testapps.jerseyweb;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The root resource at {@code @Path("/")}, templates ending in {@code /}, and sub-resource
 * locators: {@code items/{itemid}/} (declared type {@link ItemResource}; throws {@code
 * NotFoundException} with an entity for item 99) and {@code albums/{albumid}} (declared {@code
 * Object}: Jersey knows its type only when it runs).
 */
@Path("/")
@Produces(MediaType.TEXT_PLAIN)
public class RootResource {
  @GET
  public String root() {
    return "the shop";
  }

  @GET
  @Path("about/")
  public String about() {
    return "about the shop";
  }

  @GET
  @Path("conflict")
  public String conflict() {
    throw new IllegalStateException("the shop is closed");
  }

  @Path("items/{itemid}/")
  public ItemResource item(@PathParam("itemid") int itemId) {
    if (itemId == 99) {
      throw new NotFoundException(
          Response.status(404).entity("item 99 is not found").type(MediaType.TEXT_PLAIN).build());
    }
    return new ItemResource(itemId);
  }

  @Path("albums/{albumid}")
  public Object album(@PathParam("albumid") int albumId) {
    return new AlbumResource(albumId);
  }
}
