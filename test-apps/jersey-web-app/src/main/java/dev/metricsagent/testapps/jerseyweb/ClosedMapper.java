package dev.metricsagent.testapps.jerseyweb;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** {@code IllegalStateException}: 409 with the message. */
@Provider
public class ClosedMapper implements ExceptionMapper<IllegalStateException> {
  @Override
  public Response toResponse(IllegalStateException e) {
    return Response.status(409).entity(e.getMessage()).type(MediaType.TEXT_PLAIN).build();
  }
}
