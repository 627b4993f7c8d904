package dev.metricsagent.testapps.quarkus;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Refused by an HTTP permission of application.properties, before Quarkus REST sees it. */
@Path("/locked")
public class Locked {
  @GET
  @Path("/{id}")
  public String locked(@PathParam("id") int id) {
    return "locked " + id;
  }
}
