package dev.metricsagent.instrumentation.jaxrs;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.RouteEvents;
import dev.metricsagent.bridge.TemplateJoins;
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
 * templates, outermost first, as {@code ExtendedUriInfo} has them ({@code /} + {@code
 * /items/{itemid}/} + {@code /tracks/{num}}), joined as one path ({@link TemplateJoins#joinPath},
 * once per pair of texts): when a resource method matched, when a sub-resource locator was
 * reached (also one that threw: the templates matched so far); a 405 (the path matched, the
 * method did not) is left to {@link JerseyRouteFinder}, at the exit of {@code handle}. A route
 * reached through a locator is listed when first matched, as the start-up listing cannot always
 * resolve locators. No route: the request is left for the
 * enclosing hook to name (a servlet filter's {@code forwardOn404}), else {@code unmatched}.
 */
public final class JerseyResponderAdvice {
  private JerseyResponderAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) ContainerResponse response) {
    ContainerRequest request = response.getRequestContext();
    ExtendedUriInfo info = request.getUriInfo();
    ResourceMethod matched = info.getMatchedResourceMethod();
    boolean located = !info.getMatchedResourceLocators().isEmpty();
    String template = null; // each join made once, then looked up
    List<UriTemplate> templates = matched != null || located ? info.getMatchedTemplates() : null;
    for (int i = templates == null ? -1 : templates.size() - 1; i >= 0; i--) {
      template = TemplateJoins.joinPath(template, templates.get(i).getTemplate());
    }
    RequestState s = Requests.current(); // one thread-local read for both calls
    if (template != null || response.getStatus() != 405) { // a 405 is named late, on exit
      Requests.routeFound(s, request.getMethod(), template);
    }
    if (located && matched != null && !matched.isExtended()) {
      RouteEvents.added(matched.getHttpMethod(), template); // a no-op once listed
    }
    Requests.responseStatus(s, response.getStatus());
  }
}
