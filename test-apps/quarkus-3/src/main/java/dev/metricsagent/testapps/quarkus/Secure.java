package dev.metricsagent.testapps.quarkus;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

@Path("/secure")
public class Secure {
  @GET
  @Path("/data")
  public String data() {
    return "secret";
  }
}
