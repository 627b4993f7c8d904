package dev.metricsagent.testapps.quarkus;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** A path parameter, a NotFoundException, an exception an ExceptionMapper answers, a POST. */
@Path("/items")
public class Items {
  @GET
  @Path("/{id}")
  public String item(@PathParam("id") int id) {
    if (id == 0) {
      throw new NotFoundException();
    }
    if (id < 0) {
      throw new IllegalArgumentException("negative id " + id);
    }
    return "item " + id;
  }

  @GET
  public String all() {
    return "all";
  }

  @POST
  public Response create(String body) {
    return Response.status(201).entity("created " + body).build();
  }
}
