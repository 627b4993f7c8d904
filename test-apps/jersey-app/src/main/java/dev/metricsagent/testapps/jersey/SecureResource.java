package dev.metricsagent.testapps.jersey;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Guarded by {@link TokenFilter}. */
@Path("/secure")
public class SecureResource {
  @GET
  @Path("/data")
  public String data() {
    return "secret";
  }
}
