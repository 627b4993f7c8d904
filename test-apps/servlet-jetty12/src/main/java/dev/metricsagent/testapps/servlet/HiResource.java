package dev.metricsagent.testapps.servlet;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The /app web app's resource, listed by Jersey's start while that web app starts. */
@Path("/hi")
public class HiResource {
  @GET
  public String hi() {
    return "hi";
  }
}
