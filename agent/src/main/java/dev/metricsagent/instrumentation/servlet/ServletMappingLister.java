package dev.metricsagent.instrumentation.servlet;

import dev.metricsagent.bridge.RouteEvents;
import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.instrumentation.PublicApi;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Lists a web app's servlet mappings ({@code /items/*}, {@code *.jsp}, {@code /}) into the route
 * inventory with method {@code ANY}, when the app's first request meets its {@code
 * ServletContext} ({@code javax} or {@code jakarta}, through the interfaces of the context's own
 * API). Left out: the servlets of frameworks whose module lists the real routes (their {@code /*}
 * is no route), and Jetty's {@code Default404Servlet}.
 *
 * <pre>{@code
 * RouteTables.inUse(request.getServletContext()); // the servlet modules' entry advice
 * }</pre>
 */
public final class ServletMappingLister implements RouteLister {
  private static final String[] APIS = {"jakarta.servlet.", "javax.servlet."};

  private final Set<String> frameworkServlets;

  /** @param frameworkServlets class names of the servlets whose modules list their routes */
  public ServletMappingLister(Set<String> frameworkServlets) {
    this.frameworkServlets = frameworkServlets;
  }

  @Override
  public void listRoutes(Object context) {
    for (String api : APIS) {
      Class<?> contextType = PublicApi.publicInterface(context.getClass(), api + "ServletContext");
      if (contextType != null) {
        try {
          list(context, contextType, api);
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw new IllegalStateException("cannot list the servlets of " + context, e);
        }
        return;
      }
    }
    throw new IllegalStateException("not a servlet context");
  }

  private void list(Object context, Class<?> contextType, String api)
      throws ReflectiveOperationException {
    Class<?> registration = Class.forName(api + "ServletRegistration", false, contextType.getClassLoader());
    Method getName = registration.getMethod("getName");
    Method getClassName = registration.getMethod("getClassName");
    Method getMappings = registration.getMethod("getMappings");
    Map<?, ?> all = (Map<?, ?>) contextType.getMethod("getServletRegistrations").invoke(context);
    for (Object r : all.values()) {
      String name = (String) getName.invoke(r);
      if ((name == null || name.indexOf("$Default404Servlet") < 0)
          && !frameworkServlets.contains((String) getClassName.invoke(r))) {
        for (Object mapping : (Collection<?>) getMappings.invoke(r)) {
          RouteEvents.added(RouteEvents.ANY_METHOD, (String) mapping);
        }
      }
    }
  }
}
