package dev.metricsagent.testapps.war;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;

@Path("/orders")
public class OrderResource {
  @GET
  @Path("/{id}")
  @Produces("text/plain")
  public String order(@PathParam("id") String id) {
    return "order " + id;
  }
}
