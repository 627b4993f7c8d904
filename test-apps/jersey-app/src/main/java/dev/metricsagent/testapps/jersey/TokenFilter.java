package dev.metricsagent.testapps.jersey;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/** A post-matching filter: {@code /secure/...} without {@code X-Token: t0ken} is aborted, 401. */
@Provider
public class TokenFilter implements ContainerRequestFilter {
  @Override
  public void filter(ContainerRequestContext ctx) {
    if (ctx.getUriInfo().getPath().startsWith("secure")
        && !"t0ken".equals(ctx.getHeaderString("X-Token"))) {
      ctx.abortWith(Response.status(401).entity("token required").build());
    }
  }
}
