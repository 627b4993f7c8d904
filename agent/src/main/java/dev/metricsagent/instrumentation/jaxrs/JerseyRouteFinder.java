package dev.metricsagent.instrumentation.jaxrs;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.RouteFinder;
import dev.metricsagent.bridge.TemplateJoins;
import dev.metricsagent.instrumentation.PublicApi;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The template of a Jersey request whose path matched a resource but whose method matched none
 * of its methods (Jersey's 405): Jersey pushes a resource's template only once a method is
 * selected, so it is read from the resources whose paths matched ({@code
 * ExtendedUriInfo.getMatchedRuntimeResources}, innermost first), their paths joined as one path,
 * as the templates of a matched request are. Called only for a 405 no lookup named ({@link
 * Requests#findLate}. A request that reached Jersey's servlet but never Jersey (a filter
 * answered: a method filter's 405, an auth filter's 401) gets the template Jersey would have
 * matched, with its own method ({@link JerseyServletApps}), else stays unmatched. By reflection
 * on public API.
 */
final class JerseyRouteFinder implements RouteFinder {
  @Override
  public void find(String framework, Object handler, Object request, RequestState state)
      throws ReflectiveOperationException {
    if (handler == null) { // asked by a container's hook: a filter answered before Jersey
      Requests.routeFoundLate(
          state, (String) PublicApi.call(request, "getMethod"), JerseyServletApps.template(request));
      return;
    }
    Object info = call(request, "getUriInfo");
    List<?> matched = (List<?>) call(info, "getMatchedRuntimeResources");
    String template = null;
    for (int i = matched.size() - 1; i >= 0; i--) {
      List<?> resources = (List<?>) call(matched.get(i), "getResources");
      if (!resources.isEmpty()) {
        String path = (String) call(resources.get(0), "getPath");
        template = TemplateJoins.joinPath(template == null ? "/" : template, path);
      }
    }
    if (template != null) {
      Requests.routeFoundLate(state, (String) call(request, "getMethod"), template);
    }
  }

  private static Object call(Object target, String method) throws ReflectiveOperationException {
    Method m = target.getClass().getMethod(method);
    m.setAccessible(true); // public API on a class that may not be public
    return m.invoke(target);
  }
}
