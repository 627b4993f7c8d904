package dev.metricsagent.instrumentation.spring;

import static dev.metricsagent.instrumentation.PublicApi.call;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.RouteFinder;
import dev.metricsagent.instrumentation.PublicApi;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The route a request a filter answered before the DispatcherServlet looked it up (Spring
 * Security's 401) would have matched: the app's handler mappings, in the DispatcherServlet's
 * order, asked which handler matches, and that handler's pattern ({@code
 * BEST_MATCHING_PATTERN_ATTRIBUTE}; Boot's static resource handler is no route). A 405 (the
 * path matched a route, the method did not: {@code HttpRequestMethodNotSupportedException}) is
 * the route whose path matched, looked up as a method it supports. Only for a
 * request bound for a DispatcherServlet: another servlet's (an H2 console, say) is the container
 * module's to name. The request attributes the lookup adds are removed again. By reflection on
 * Spring's public API, through the loader of the app's web application context.
 */
public final class SpringRouteFinder implements RouteFinder {
  private static final String METHOD_NOT_SUPPORTED =
      "org.springframework.web.HttpRequestMethodNotSupportedException";
  private static final String ROOT_CONTEXT =
      "org.springframework.web.context.WebApplicationContext.ROOT";

  @Override
  public void find(String framework, Object table, Object request, RequestState state)
      throws ReflectiveOperationException {
    Object mapping = call(request, "getHttpServletMapping");
    Object servletContext = call(request, "getServletContext");
    Object registration =
        mapping == null
            ? null
            : call(servletContext, "getServletRegistration", (String) call(mapping, "getServletName"));
    if (registration == null
        || !SpringModule.DISPATCHER_SERVLET.equals(call(registration, "getClassName"))) {
      return;
    }
    Object context = call(servletContext, "getAttribute", ROOT_CONTEXT);
    if (context == null || context instanceof Throwable) {
      return; // no web application context (or its start failed): nothing to ask
    }
    String template = lookUp(context.getClass().getClassLoader(), context, request);
    Requests.routeFoundLate(state, (String) call(request, "getMethod"), template);
  }

  /** The pattern of the first handler mapping that matches, or null. */
  private static String lookUp(ClassLoader spring, Object context, Object request)
      throws ReflectiveOperationException {
    Class<?> handlerMapping = Class.forName(SpringModule.HANDLER_MAPPING, false, spring);
    Class<?> resourceHandler = Class.forName(SpringModule.RESOURCE_HANDLER, false, spring);
    List<Object> mappings = new ArrayList<Object>(beansOf(spring, context, handlerMapping).values());
    Class.forName("org.springframework.core.annotation.AnnotationAwareOrderComparator", false, spring)
        .getMethod("sort", List.class)
        .invoke(null, mappings);
    String bestPattern = (String) handlerMapping.getField("BEST_MATCHING_PATTERN_ATTRIBUTE").get(null);
    Set<String> before = attributeNames(request);
    try {
      parsePath(spring, request);
      Method getHandler = method(handlerMapping, "getHandler");
      for (Object m : mappings) {
        Object chain;
        try {
          chain = getHandler.invoke(m, request);
        } catch (InvocationTargetException e) {
          // 405: the route whose path matched, looked up as one of the methods it supports
          String[] supported = supportedMethods(e.getCause());
          return supported == null ? null : pathMatched(getHandler, m, request, supported, bestPattern);
        }
        if (chain != null) {
          Object pattern = call(request, "getAttribute", bestPattern);
          boolean resource = resourceHandler.isInstance(call(chain, "getHandler"));
          return pattern instanceof String && !resource ? (String) pattern : null;
        }
      }
      return null;
    } catch (ReflectiveOperationException noHandler) {
      return null; // 406, 415 and the like: no route
    } finally {
      Method remove = PublicApi.method(request.getClass(), "removeAttribute", String.class);
      for (String name : attributeNames(request)) {
        if (!before.contains(name)) {
          remove.invoke(request, name);
        }
      }
    }
  }

  /** {@code HttpRequestMethodNotSupportedException.getSupportedMethods()}, or null. */
  private static String[] supportedMethods(Throwable t) throws ReflectiveOperationException {
    if (t == null || !t.getClass().getName().equals(METHOD_NOT_SUPPORTED)) {
      return null;
    }
    return (String[]) t.getClass().getMethod("getSupportedMethods").invoke(t);
  }

  /**
   * The most specific pattern {@code mapping} matches for the request as one of the supported
   * methods (a view of the request whose {@code getMethod} answers it, all else the request's
   * own), or null: {@code PUT /owners/new} with {@code GET /owners/{id}} and {@code POST
   * /owners/new} is {@code /owners/new}, as Spring would have preferred it.
   */
  private static String pathMatched(
      Method getHandler, Object mapping, Object request, String[] methods, String bestPattern)
      throws ReflectiveOperationException {
    Class<?> api = getHandler.getParameterTypes()[0]; // HttpServletRequest
    String best = null;
    for (String method : methods) {
      Object asMethod =
          Proxy.newProxyInstance(
              api.getClassLoader(),
              new Class<?>[] {api},
              (proxy, m, args) -> {
                if (m.getName().equals("getMethod") && m.getParameterCount() == 0) {
                  return method;
                }
                try {
                  return m.invoke(request, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
      try {
        if (getHandler.invoke(mapping, asMethod) != null) {
          Object pattern = call(request, "getAttribute", bestPattern);
          if (pattern instanceof String && (best == null || moreSpecific((String) pattern, best))) {
            best = (String) pattern;
          }
        }
      } catch (InvocationTargetException notThisOne) {
        // another condition (consumes, params) rejects it as this method too: try the next
      }
    }
    return best;
  }

  /** Fewer variables and wildcards, then longer: Spring's order of matching patterns, roughly. */
  public static boolean moreSpecific(String a, String b) {
    int va = variables(a);
    int vb = variables(b);
    return va != vb ? va < vb : a.length() > b.length();
  }

  private static int variables(String pattern) {
    int n = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '{' || c == '*') {
        n++;
      }
    }
    return n;
  }

  /** {@code BeanFactoryUtils.beansOfTypeIncludingAncestors(context, type, true, false)}. */
  public static Map<?, ?> beansOf(ClassLoader spring, Object context, Class<?> type)
      throws ReflectiveOperationException {
    Class<?> factory =
        Class.forName("org.springframework.beans.factory.ListableBeanFactory", false, spring);
    return (Map<?, ?>)
        Class.forName("org.springframework.beans.factory.BeanFactoryUtils", false, spring)
            .getMethod(
                "beansOfTypeIncludingAncestors", factory, Class.class, boolean.class, boolean.class)
            .invoke(null, context, type, true, false);
  }

  /** The parsed request path the mappings read, as the DispatcherServlet caches it. */
  private static void parsePath(ClassLoader spring, Object request)
      throws ReflectiveOperationException {
    Class<?> utils = Class.forName("org.springframework.web.util.ServletRequestPathUtils", false, spring);
    if (!(Boolean) method(utils, "hasParsedRequestPath").invoke(null, request)) {
      method(utils, "parseAndCache").invoke(null, request);
    }
  }

  /** The public method of that name with one parameter (a servlet request type). */
  private static Method method(Class<?> c, String name) throws NoSuchMethodException {
    for (Method m : c.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == 1) {
        return m;
      }
    }
    throw new NoSuchMethodException(c.getName() + "." + name);
  }

  private static Set<String> attributeNames(Object request) throws ReflectiveOperationException {
    Set<String> names = new HashSet<String>();
    for (Object name : Collections.list((Enumeration<?>) call(request, "getAttributeNames"))) {
      names.add((String) name);
    }
    return names;
  }
}
