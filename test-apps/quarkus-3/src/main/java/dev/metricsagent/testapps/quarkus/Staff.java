package dev.metricsagent.testapps.quarkus;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * Quarkus security on resource methods (basic auth, users in application.properties): 401
 * without credentials, 403 with a role the method does not allow.
 */
@Path("/staff")
public class Staff {
  @GET
  @Path("/{id}")
  @RolesAllowed("admin")
  public String member(@PathParam("id") int id) {
    return "staff " + id;
  }

  @GET
  @Path("/me")
  @Authenticated
  public String me() {
    return "me";
  }
}
