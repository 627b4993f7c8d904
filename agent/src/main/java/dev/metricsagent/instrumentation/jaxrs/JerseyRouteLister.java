package dev.metricsagent.instrumentation.jaxrs;

import dev.metricsagent.bridge.RouteEvents;
import dev.metricsagent.bridge.RouteLister;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Lists a Jersey {@code ApplicationHandler}'s resource model ({@code ExtendedResourceContext}):
 * each root resource's methods at its path, each child resource's at the two paths joined, as
 * the matched templates are joined at run time. By reflection on public API: the agent's classes
 * cannot link against the app's Jersey. Sub-resource locators are resolved at run time only, so
 * their routes are not listed, nor the OPTIONS methods Jersey adds to every resource.
 */
final class JerseyRouteLister implements RouteLister {
  @Override
  public void listRoutes(Object handler) {
    if (!handler.getClass().getName().equals(JaxrsModule.APPLICATION_HANDLER)) {
      throw new IllegalStateException("not a Jersey ApplicationHandler");
    }
    try {
      ClassLoader loader = handler.getClass().getClassLoader();
      Class<?> contextType =
          Class.forName("org.glassfish.jersey.server.ExtendedResourceContext", false, loader);
      Object injection = call(handler, "getInjectionManager");
      Method getInstance = injection.getClass().getMethod("getInstance", Class.class);
      Object context = getInstance.invoke(injection, contextType);
      Object model = call(context, "getResourceModel");
      for (Object root : (List<?>) call(model, "getRootResources")) {
        String rootPath = slashed((String) call(root, "getPath"));
        listMethods(root, rootPath);
        for (Object child : (List<?>) call(root, "getChildResources")) {
          listMethods(child, rootPath + slashed((String) call(child, "getPath")));
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot list the resources of " + handler, e);
    }
  }

  private static void listMethods(Object resource, String path) throws ReflectiveOperationException {
    for (Object m : (List<?>) call(resource, "getResourceMethods")) {
      Object httpMethod = call(m, "getHttpMethod");
      // extended: added by Jersey itself (the automatic OPTIONS of every resource), not the app's
      if (httpMethod != null && !Boolean.TRUE.equals(call(m, "isExtended"))) {
        RouteEvents.added((String) httpMethod, path);
      }
    }
  }

  /** Jersey's matched templates start with a slash ({@code UriTemplate} normalises the path). */
  private static String slashed(String path) {
    if (path == null || path.isEmpty()) {
      return "";
    }
    return path.startsWith("/") ? path : "/" + path;
  }

  private static Object call(Object target, String method) throws ReflectiveOperationException {
    Method m = target.getClass().getMethod(method);
    m.setAccessible(true);
    return m.invoke(target);
  }
}
