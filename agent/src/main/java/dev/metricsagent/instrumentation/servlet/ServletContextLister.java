package dev.metricsagent.instrumentation.servlet;

import dev.metricsagent.bridge.ContainerServlets;
import dev.metricsagent.bridge.RouteEvents;
import dev.metricsagent.bridge.RouteLister;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Lists a web app's servlet mappings (method {@code ANY}) when its first request arrives, under
 * its context path (the bridge joins it). By reflection, for {@code javax} and {@code jakarta}
 * contexts alike. Left out: the mappings of servlets whose framework lists its own routes, the
 * container's default servlet ({@code /}: files and 404s, no route), Jetty's {@code
 * Default404Servlet}, and the JSP servlet's {@code *.jsp}, {@code *.jspx} unless the app has JSPs.
 * The framework servlets it meets are told to the bridge ({@link ContainerServlets}): their
 * mappings never name a request.
 *
 * <pre>{@code
 * RouteTables.inUse(request.getServletContext()); // the servlet modules' entry advice
 * }</pre>
 */
public final class ServletContextLister implements RouteLister {
  /** Resource paths looked at to find a JSP: bounded, a huge app's static tree is not walked. */
  static final int MAX_PATHS_WALKED = 2_000;

  private final Map<String, String> frameworkServlets;

  /**
   * @param frameworkServlets class names of the servlets whose modules list their routes, to
   *     those modules' names
   */
  public ServletContextLister(Map<String, String> frameworkServlets) {
    this.frameworkServlets = frameworkServlets;
  }

  @Override
  public void listRoutes(Object context) {
    if (!isServletContext(context.getClass())) {
      throw new IllegalStateException("not a servlet context");
    }
    try {
      Boolean hasJsps = null; // looked for once, only if there is a JSP servlet
      Map<?, ?> registrations = (Map<?, ?>) call(context, "getServletRegistrations");
      Map<String, String> frameworks = new HashMap<>();
      for (Object r : registrations.values()) {
        String name = (String) call(r, "getName");
        String className = (String) call(r, "getClassName");
        Collection<?> mappings = (Collection<?>) call(r, "getMappings");
        String framework = frameworkOf(className, context);
        if (framework != null) {
          frameworks.put(name, framework);
          continue;
        }
        if (name != null && name.indexOf("$Default404Servlet") >= 0
            || isDefaultServlet(name, className, mappings)) {
          continue;
        }
        if (isJspServlet(name, className)) {
          if (hasJsps == null) {
            hasJsps = hasJsps(context);
          }
          if (!hasJsps) {
            continue;
          }
        }
        for (Object mapping : mappings) {
          RouteEvents.added(RouteEvents.ANY_METHOD, (String) mapping);
        }
      }
      ContainerServlets.frameworkServlets((String) call(context, "getContextPath"), frameworks);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot list the servlets of " + context, e);
    }
  }

  /**
   * The module whose framework servlet this is: its class or a super class (Dropwizard's {@code
   * JerseyServletContainer} extends Jersey's {@code ServletContainer}), looked up in the web app's
   * loader, not initialised; null for any other servlet.
   */
  String frameworkOf(String className, Object context) {
    if (className == null) {
      return null;
    }
    String framework = frameworkServlets.get(className);
    if (framework != null) {
      return framework;
    }
    try {
      ClassLoader loader = (ClassLoader) call(context, "getClassLoader");
      for (Class<?> c = Class.forName(className, false, loader); c != null; c = c.getSuperclass()) {
        framework = frameworkServlets.get(c.getName());
        if (framework != null) {
          return framework;
        }
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // not loadable from the web app: a servlet of the container's, not a framework's
    }
    return null;
  }

  static boolean isDefaultServlet(String name, String className, Collection<?> mappings) {
    return ("default".equals(name) || className != null && className.endsWith(".DefaultServlet"))
        && mappings.size() == 1
        && mappings.contains("/");
  }

  static boolean isJspServlet(String name, String className) {
    return "jsp".equals(name)
        || "org.apache.jasper.servlet.JspServlet".equals(className)
        || "org.eclipse.jetty.jsp.JettyJspServlet".equals(className);
  }

  /** Whether the app's resources hold a {@code .jsp} or {@code .jspx} (its jars' not walked). */
  private static boolean hasJsps(Object context) throws ReflectiveOperationException {
    Method resourcePaths = context.getClass().getMethod("getResourcePaths", String.class);
    resourcePaths.setAccessible(true);
    Deque<String> dirs = new ArrayDeque<>();
    dirs.add("/");
    int walked = 0;
    while (!dirs.isEmpty() && walked < MAX_PATHS_WALKED) {
      Set<?> paths = (Set<?>) resourcePaths.invoke(context, dirs.poll());
      if (paths == null) {
        continue;
      }
      for (Object o : paths) {
        String path = (String) o;
        walked++;
        if (path.endsWith(".jsp") || path.endsWith(".jspx")) {
          return true;
        }
        if (path.endsWith("/")
            && !path.equals("/WEB-INF/lib/")
            && !path.equals("/WEB-INF/classes/")
            && !path.equals("/META-INF/")) {
          dirs.add(path);
        }
      }
    }
    return false;
  }

  private static boolean isServletContext(Class<?> c) {
    for (; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        String n = i.getName();
        if (n.equals("jakarta.servlet.ServletContext") || n.equals("javax.servlet.ServletContext")) {
          return true;
        }
      }
    }
    return false;
  }

  private static Object call(Object target, String method) throws ReflectiveOperationException {
    Method m = target.getClass().getMethod(method);
    m.setAccessible(true); // public API on a container class that may not be public
    return m.invoke(target);
  }
}
