package dev.metricsagent.testapps.jersey;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An exception mapper: {@link ConflictException} becomes 409. */
@Provider
public class ConflictMapper implements ExceptionMapper<ConflictMapper.ConflictException> {
  static final class ConflictException extends RuntimeException {}

  @Override
  public Response toResponse(ConflictException e) {
    return Response.status(409).entity("conflict").build();
  }
}
