package dev.metricsagent.instrumentation.jaxrs;

import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.TemplateJoins;
import java.util.List;
import net.bytebuddy.asm.Advice;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Entry of {@code ServerRuntime$Responder.writeResponse(ContainerResponse)}: the response the
 * client gets (after exception mappers and aborting filters). Names the request with the matched
 * templates, outermost first, as {@code ExtendedUriInfo} has them ({@code /orders} + {@code
 * /{id}/items}); a post-matching filter's abort keeps the route. Each join is made once per pair
 * of texts in the bridge and then looked up ({@link TemplateJoins}).
 */
public final class JerseyResponderAdvice {
  private JerseyResponderAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) ContainerResponse response) {
    ContainerRequest request = response.getRequestContext();
    ExtendedUriInfo info = request.getUriInfo();
    String template = null;
    if (info.getMatchedResourceMethod() != null) {
      List<UriTemplate> templates = info.getMatchedTemplates();
      template = "";
      for (int i = templates.size() - 1; i >= 0; i--) { // each join made once, then looked up
        template = TemplateJoins.join(template, templates.get(i).getTemplate());
      }
      template = template.isEmpty() ? "/" : template;
    }
    Requests.routeFound(request.getMethod(), template);
    Requests.responseStatus(response.getStatus());
  }
}
