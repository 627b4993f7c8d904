package dev.metricsagent.testapps.jerseyweb;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The one resource of the web app where Jersey is a filter that passes what it does not match. */
@Path("hello")
@Produces(MediaType.TEXT_PLAIN)
public class HelloResource {
  @GET
  public String hello() {
    return "hello from the filter";
  }
}
