package dev.metricsagent.testapps.quarkus;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An IllegalArgumentException is the client's fault: 400. */
@Provider
public class BadArgumentMapper implements ExceptionMapper<IllegalArgumentException> {
  @Override
  public Response toResponse(IllegalArgumentException e) {
    return Response.status(400).entity("bad: " + e.getMessage()).build();
  }
}
