package dev.metricsagent.testapps.jersey;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** Class and method {@code @Path}s joined: {@code /orders/{id}/items}. */
@Path("/orders")
public class OrderResource {
  @GET
  @Path("/{id:[0-9]+}")
  public String order(@PathParam("id") String id) {
    if ("0".equals(id)) {
      throw new NotFoundException("no order 0"); // the route's own 404
    }
    return "order " + id;
  }

  /** Not called by the tests: in the route inventory at zero. */
  @DELETE
  @Path("/{id:[0-9]+}")
  public Response delete(@PathParam("id") String id) {
    return Response.noContent().build();
  }

  @GET
  @Path("/{id}/items")
  public String items(@PathParam("id") String id) {
    return "items of " + id;
  }

  @POST
  public Response create(String body) {
    return Response.status(201).entity("created " + body).build();
  }

  @GET
  @Path("/teapot")
  public String teapot() {
    throw new WebApplicationException(418);
  }

  @GET
  @Path("/conflict")
  public String conflict() {
    throw new ConflictMapper.ConflictException();
  }

  @GET
  @Path("/boom")
  public String boom() {
    throw new IllegalStateException("boom");
  }

  @GET
  @Path("/trail/")
  public String trail() {
    return "trail";
  }
}
