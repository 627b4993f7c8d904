package dev.metricsagent.instrumentation.jaxrs;

import dev.metricsagent.bridge.RouteEvents;
import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.bridge.TemplateJoins;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists a Jersey {@code ApplicationHandler}'s resource model ({@code ExtendedResourceContext}):
 * each root resource's methods at its path, each child resource's at the two paths joined, as
 * the matched templates are joined at run time ({@link TemplateJoins#joinPath}). A sub-resource
 * locator's routes come from its declared return type's model ({@code Resource.from}), followed
 * through further locators, a type already on the chain not again; a locator declared to return
 * {@code Object} or an interface is resolved only at run time (its routes are listed when first
 * matched, see {@code JerseyResponderAdvice}). By reflection on public API: the agent's classes
 * cannot link against the app's Jersey. Not listed: the OPTIONS methods Jersey adds to every
 * resource. The templates are also remembered for a Jersey servlet's requests a filter answers
 * before Jersey ({@link JerseyServletApps}).
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
      Method from =
          Class.forName("org.glassfish.jersey.server.model.Resource", false, loader)
              .getMethod("from", Class.class, boolean.class);
      Object injection = call(handler, "getInjectionManager");
      Method getInstance = injection.getClass().getMethod("getInstance", Class.class);
      Object context = getInstance.invoke(injection, contextType);
      Object model = call(context, "getResourceModel");
      List<String> templates = new ArrayList<String>();
      for (Object root : (List<?>) call(model, "getRootResources")) {
        list(root, TemplateJoins.joinPath("/", (String) call(root, "getPath")), from,
            new ArrayList<Class<?>>(), templates);
      }
      JerseyServletApps.remember(injection, getInstance, templates);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot list the resources of " + handler, e);
    }
  }

  /**
   * A resource's methods at {@code path}, its locator's type's routes, its children's; the paths
   * with a method, and those of locators resolved only at run time, added to {@code templates}.
   */
  private static void list(
      Object resource, String path, Method from, List<Class<?>> chain, List<String> templates)
      throws ReflectiveOperationException {
    if (listMethods(resource, path)) {
      templates.add(path);
    }
    Object locator = call(resource, "getResourceLocator");
    Class<?> located = locator == null ? null : locatedType(locator);
    if (locator != null && located == null) {
      templates.add(path); // what it locates is known when first matched: at least its path
    }
    if (located != null && !chain.contains(located)) {
      Object subResource = from.invoke(null, located, true);
      if (subResource != null) {
        chain.add(located);
        list(subResource, path, from, chain, templates);
        chain.remove(chain.size() - 1);
      }
    }
    for (Object child : (List<?>) call(resource, "getChildResources")) {
      list(child, TemplateJoins.joinPath(path, (String) call(child, "getPath")), from, chain,
          templates);
    }
  }

  /** The locator's declared return type, if Jersey can model it before a request (a class). */
  private static Class<?> locatedType(Object locator) throws ReflectiveOperationException {
    Object type = call(call(locator, "getInvocable"), "getRawResponseType");
    if (!(type instanceof Class)) {
      return null;
    }
    Class<?> c = (Class<?>) type;
    return c == Object.class || c == Class.class || c.isInterface() || c.isPrimitive() ? null : c;
  }

  /** Lists the resource's methods at {@code path}; true if it has one. */
  private static boolean listMethods(Object resource, String path)
      throws ReflectiveOperationException {
    boolean any = false;
    for (Object m : (List<?>) call(resource, "getResourceMethods")) {
      Object httpMethod = call(m, "getHttpMethod");
      // extended: added by Jersey itself (the automatic OPTIONS of every resource), not the app's
      if (httpMethod != null && !Boolean.TRUE.equals(call(m, "isExtended"))) {
        RouteEvents.added((String) httpMethod, path);
        any = true;
      }
    }
    return any;
  }

  private static Object call(Object target, String method) throws ReflectiveOperationException {
    Method m = target.getClass().getMethod(method);
    m.setAccessible(true);
    return m.invoke(target);
  }
}
