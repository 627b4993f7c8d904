package dev.metricsagent.instrumentation.jaxrs;

import dev.metricsagent.bridge.Bridge;
import java.util.List;
import net.bytebuddy.asm.Advice;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Entry of {@code ServerRuntime$Responder.writeResponse(ContainerResponse)}: the response the
 * client gets (after exception mappers and aborting filters). Names the request with the matched
 * templates, outermost first, as {@code ExtendedUriInfo} has them ({@code /orders} + {@code
 * /{id}/items}); a post-matching filter's abort keeps the route. The join is cached per resource
 * method (not for sub-resource locators, whose path depends on the way in).
 */
public final class JerseyResponderAdvice {
  private JerseyResponderAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) ContainerResponse response) {
    ContainerRequest request = response.getRequestContext();
    ExtendedUriInfo info = request.getUriInfo();
    ResourceMethod method = info.getMatchedResourceMethod();
    String template = null;
    if (method != null) {
      boolean cacheable = info.getMatchedResourceLocators().isEmpty();
      if (cacheable) {
        template = Bridge.cachedTemplate(method);
      }
      if (template == null) {
        List<UriTemplate> templates = info.getMatchedTemplates();
        StringBuilder joined = new StringBuilder();
        for (int i = templates.size() - 1; i >= 0; i--) {
          joined.append(templates.get(i).getTemplate());
        }
        template = joined.length() == 0 ? "/" : joined.toString();
        if (cacheable) {
          Bridge.cacheTemplate(method, template);
        }
      }
    }
    Bridge.routeFound(request.getMethod(), template);
    Bridge.responseStatus(response.getStatus());
  }
}
