package dev.metricsagent.instrumentation.jaxrs;

import static dev.metricsagent.instrumentation.PublicApi.call;

import dev.metricsagent.instrumentation.PublicApi;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The route templates of each Jersey app deployed as a servlet ({@code ServletContainer}), by its
 * servlet context and servlet name, remembered as it is listed: a request a servlet filter
 * answered before Jersey saw it (a method filter's 405 for {@code TRACE}, an auth filter's 401)
 * is named with the template Jersey would have matched, found through the servlet the request
 * was mapped to ({@link JerseyTemplates}). The servlet context is held weakly, the templates are
 * text: an undeployed app leaves nothing behind but an entry pruned at the next deployment.
 */
final class JerseyServletApps {
  private static final String WEB_CONFIG = "org.glassfish.jersey.servlet.WebConfig";

  private static final CopyOnWriteArrayList<App> APPS = new CopyOnWriteArrayList<>();

  private JerseyServletApps() {}

  private static final class App {
    final WeakReference<Object> context;
    final String servletName;
    final JerseyTemplates templates;

    App(Object context, String servletName, JerseyTemplates templates) {
      this.context = new WeakReference<>(context);
      this.servletName = servletName;
      this.templates = templates;
    }
  }

  /**
   * The templates of the app whose injection manager this is, if Jersey runs it as a servlet
   * (its {@code WebConfig} is a servlet's); replaces what the same servlet had.
   */
  static void remember(Object injection, Method getInstance, Collection<String> templates)
      throws ReflectiveOperationException {
    Class<?> webConfigType;
    try {
      webConfigType = Class.forName(WEB_CONFIG, false, injection.getClass().getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return; // not Jersey's servlet container: Grizzly, the JDK server
    }
    Object config = getInstance.invoke(injection, webConfigType);
    if (config == null || !"ServletConfig".equals(String.valueOf(call(config, "getConfigType")))) {
      return; // a filter: which requests reach it is not the servlet mapping's to say
    }
    remember(call(config, "getServletContext"), (String) call(config, "getName"), templates);
  }

  static void remember(Object context, String servletName, Collection<String> templates) {
    if (context == null || servletName == null) {
      return;
    }
    App app = new App(context, servletName, JerseyTemplates.of(templates));
    for (App a : APPS) {
      Object c = a.context.get();
      if (c == null || c == context && a.servletName.equals(servletName)) {
        APPS.remove(a); // gone, or redeployed
      }
    }
    APPS.add(app);
  }

  /**
   * The template the Jersey servlet the request is mapped to would have matched, or null (no
   * such servlet known, no template matches). By the servlet API's public methods.
   */
  static String template(Object request) throws ReflectiveOperationException {
    if (APPS.isEmpty()) {
      return null;
    }
    Method getMapping = PublicApi.publicMethod(request.getClass(), "getHttpServletMapping");
    if (getMapping == null) {
      return null; // Servlet 3.1: which servlet the request was mapped to is not known
    }
    Object mapping = getMapping.invoke(request);
    String servletName = mapping == null ? null : (String) call(mapping, "getServletName");
    JerseyTemplates templates = templates(call(request, "getServletContext"), servletName);
    return templates == null ? null : templates.match(path(request));
  }

  /** The templates of the Jersey servlet of that name in that context, or null. */
  static JerseyTemplates templates(Object context, String servletName) {
    for (App a : APPS) {
      if (a.context.get() == context && a.servletName.equals(servletName)) {
        return a.templates;
      }
    }
    return null;
  }

  /** The path Jersey matches: the request's, after the context path and the servlet path. */
  private static String path(Object request) throws ReflectiveOperationException {
    String uri = (String) call(request, "getRequestURI");
    String prefix = (String) call(request, "getContextPath") + call(request, "getServletPath");
    if (uri != null && uri.startsWith(prefix)) {
      return uri.substring(prefix.length());
    }
    Object pathInfo = call(request, "getPathInfo");
    return pathInfo == null ? "/" : (String) pathInfo;
  }
}
