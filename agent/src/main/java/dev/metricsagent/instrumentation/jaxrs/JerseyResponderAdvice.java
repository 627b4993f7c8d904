package dev.metricsagent.instrumentation.jaxrs;

import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.TemplateCache;
import net.bytebuddy.asm.Advice;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.ResourceMethod;

/**
 * Entry of {@code ServerRuntime$Responder.writeResponse(ContainerResponse)}: the response the
 * client gets (after exception mappers and aborting filters). Names the request with the matched
 * templates, outermost first, as {@code ExtendedUriInfo} has them ({@code /orders} + {@code
 * /{id}/items}); a post-matching filter's abort keeps the route. The join ({@link TemplateCache})
 * is cached per resource method (not for sub-resource locators, whose path depends on the way
 * in).
 */
public final class JerseyResponderAdvice {
  private JerseyResponderAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) ContainerResponse response) {
    ContainerRequest request = response.getRequestContext();
    ExtendedUriInfo info = request.getUriInfo();
    ResourceMethod method = info.getMatchedResourceMethod();
    Object key = method != null && info.getMatchedResourceLocators().isEmpty() ? method : null;
    String template = TemplateCache.get(key);
    if (template == null && method != null) {
      template = TemplateCache.join(info.getMatchedTemplates(), key);
    }
    Requests.routeFound(request.getMethod(), template);
    Requests.responseStatus(response.getStatus());
  }
}
