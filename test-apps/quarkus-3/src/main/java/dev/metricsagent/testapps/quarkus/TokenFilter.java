package dev.metricsagent.testapps.quarkus;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses /secure/... without X-Token: t0ken, after matching (the resource is known). */
public class TokenFilter {
  @ServerRequestFilter
  public Response check(ContainerRequestContext ctx) {
    if (ctx.getUriInfo().getPath().startsWith("/secure")
        && !"t0ken".equals(ctx.getHeaderString("X-Token"))) {
      return Response.status(401).entity("who are you?").build();
    }
    return null;
  }
}
