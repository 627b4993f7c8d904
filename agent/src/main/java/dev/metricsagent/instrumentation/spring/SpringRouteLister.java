package dev.metricsagent.instrumentation.spring;

import dev.metricsagent.bridge.RouteEvents;
import dev.metricsagent.bridge.RouteLister;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Lists Spring MVC routes into the inventory, by reflection on public API (the agent's classes
 * cannot link against the app's Spring): a {@code DispatcherServlet}'s handler mappings, an
 * annotated mapping's {@code getHandlerMethods()} (each pattern with each declared method), and a
 * {@code RouterFunctionMapping}'s router function, walked with Spring's own visitors (a {@link
 * Proxy} of {@code RouterFunctions.Visitor} and {@code RequestPredicates.Visitor}). A mapping
 * that declares no method (any method, like Boot's {@code /error}) is listed as {@code ANY}.
 */
public final class SpringRouteLister implements RouteLister {
  @Override
  public void listRoutes(Object table) {
    // Boot registers its mappings after its embedded container started the web app: the context
    // path is the app context's own (server.servlet.context-path), as requests will have it
    String contextPath = contextPath(table);
    String previous = contextPath == null ? null : RouteEvents.webAppStarting(contextPath);
    try {
      if (!list(table)) {
        throw new IllegalStateException("not a Spring MVC route table");
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot list the routes of " + table.getClass().getName(), e);
    } finally {
      if (contextPath != null) {
        RouteEvents.webAppStarted(previous);
      }
    }
  }

  /**
   * The servlet context path of a {@code DispatcherServlet} or of a handler mapping's web
   * application context, or null if there is none (not a servlet app, not initialised yet).
   */
  static String contextPath(Object table) {
    try {
      Object servletContext = callIfPublic(table, "getServletContext");
      if (servletContext == null) {
        Object appContext = callIfPublic(table, "getApplicationContext");
        servletContext = appContext == null ? null : callIfPublic(appContext, "getServletContext");
      }
      Object path = servletContext == null ? null : callIfPublic(servletContext, "getContextPath");
      return path instanceof String ? (String) path : null;
    } catch (ReflectiveOperationException | RuntimeException notThere) {
      return null;
    }
  }

  private static Object callIfPublic(Object target, String name) throws ReflectiveOperationException {
    Method m = publicMethod(target, name);
    if (m == null || m.getParameterCount() != 0) {
      return null;
    }
    m.setAccessible(true);
    return m.invoke(target);
  }

  private static boolean list(Object table) throws ReflectiveOperationException {
    Method mappings = publicMethod(table, "getHandlerMappings");
    if (mappings != null && isA(table, SpringModule.FRAMEWORK_SERVLET)) {
      Object all = mappings.invoke(table);
      if (all != null) {
        for (Object m : (Collection<?>) all) {
          list(m);
        }
      }
      return true;
    }
    Method handlerMethods = publicMethod(table, "getHandlerMethods");
    if (handlerMethods != null && isA(table, SpringModule.HANDLER_METHOD_MAPPING)) {
      for (Object info : ((Map<?, ?>) handlerMethods.invoke(table)).keySet()) {
        listMappingInfo(info);
      }
      return true;
    }
    Method routerFunction = publicMethod(table, "getRouterFunction");
    if (routerFunction != null && isA(table, SpringModule.ROUTER_FUNCTION_MAPPING)) {
      Object f = routerFunction.invoke(table);
      if (f != null) {
        listRouterFunction(f);
      }
      return true;
    }
    return isA(table, "org.springframework.web.servlet.HandlerMapping"); // others have no routes
  }

  /** A {@code RequestMappingInfo}: its patterns times its methods ({@code ANY} if none). */
  private static void listMappingInfo(Object info) throws ReflectiveOperationException {
    Method patterns = publicMethod(info, "getPatternValues");
    Method condition = publicMethod(info, "getMethodsCondition");
    if (patterns == null || condition == null) {
      return;
    }
    Object methodsCondition = condition.invoke(info);
    Collection<?> methods =
        (Collection<?>) publicMethod(methodsCondition, "getMethods").invoke(methodsCondition);
    for (Object p : (Collection<?>) patterns.invoke(info)) {
      if (methods.isEmpty()) {
        RouteEvents.added(RouteEvents.ANY_METHOD, (String) p); // any method: Boot's /error
      }
      for (Object m : methods) {
        RouteEvents.added(((Enum<?>) m).name(), (String) p);
      }
    }
  }

  private static void listRouterFunction(Object function) throws ReflectiveOperationException {
    listRouterFunction(function, "org.springframework.web.servlet.function");
  }

  /**
   * Lists a router function's routes, walked with the visitors of its package ({@code
   * org.springframework.web.servlet.function} for Spring MVC, {@code
   * org.springframework.web.reactive.function.server} for WebFlux: the same shape).
   */
  public static void listRouterFunction(Object function, String functionPackage)
      throws ReflectiveOperationException {
    ClassLoader loader = function.getClass().getClassLoader();
    Class<?> visitorType = Class.forName(functionPackage + ".RouterFunctions$Visitor", false, loader);
    Class<?> predicateVisitorType =
        Class.forName(functionPackage + ".RequestPredicates$Visitor", false, loader);
    RouteCollector collector = new RouteCollector(predicateVisitorType);
    Object visitor =
        Proxy.newProxyInstance(loader, new Class<?>[] {visitorType}, collector);
    Method accept = null;
    for (Method m : Class.forName(functionPackage + ".RouterFunction", false, loader).getMethods()) {
      if (m.getName().equals("accept") && m.getParameterCount() == 1) {
        accept = m;
      }
    }
    if (accept != null) {
      accept.invoke(function, visitor);
    }
  }

  /** {@code RouterFunctions.Visitor}: nested path prefixes, then each route's methods and path. */
  private static final class RouteCollector implements InvocationHandler {
    private final Class<?> predicateVisitorType;
    private final Deque<String> prefixes = new ArrayDeque<>();

    RouteCollector(Class<?> predicateVisitorType) {
      this.predicateVisitorType = predicateVisitorType;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "startNested":
          prefixes.push(describe(args[0]).path);
          return null;
        case "endNested":
          prefixes.pop();
          return null;
        case "route":
          Predicate p = describe(args[0]);
          if (p.path != null && !p.methods.isEmpty()) {
            StringBuilder template = new StringBuilder();
            for (java.util.Iterator<String> i = prefixes.descendingIterator(); i.hasNext(); ) {
              String prefix = i.next();
              if (prefix != null) {
                template.append(prefix);
              }
            }
            template.append(p.path);
            for (String m : p.methods) {
              RouteEvents.added(m, template.toString());
            }
          }
          return null;
        default:
          return Object.class.equals(method.getDeclaringClass()) ? objectMethod(proxy, method, args) : null;
      }
    }

    private Predicate describe(Object predicate) throws ReflectiveOperationException {
      Predicate p = new Predicate();
      Object visitor =
          Proxy.newProxyInstance(
              predicateVisitorType.getClassLoader(), new Class<?>[] {predicateVisitorType}, p);
      for (Method m : predicate.getClass().getMethods()) {
        if (m.getName().equals("accept")
            && m.getParameterCount() == 1
            && m.getParameterTypes()[0].equals(predicateVisitorType)) {
          m.setAccessible(true);
          m.invoke(predicate, visitor);
          break;
        }
      }
      return p;
    }
  }

  /** {@code RequestPredicates.Visitor}: the first path pattern and the HTTP methods. */
  private static final class Predicate implements InvocationHandler {
    String path;
    final List<String> methods = new ArrayList<>();

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getName().equals("path") && args != null && path == null) {
        path = (String) args[0];
      } else if (method.getName().equals("method") && args != null) {
        for (Object m : (Collection<?>) args[0]) {
          methods.add(m.toString()); // HttpMethod: an enum in 5, a class in 6; both print the name
        }
      } else if (Object.class.equals(method.getDeclaringClass())) {
        return objectMethod(proxy, method, args);
      }
      return null;
    }
  }

  private static Object objectMethod(Object proxy, Method method, Object[] args) {
    switch (method.getName()) {
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      default:
        return "metrics-agent route lister";
    }
  }

  private static Method publicMethod(Object target, String name) {
    try {
      return target.getClass().getMethod(name);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** Whether {@code o}'s class, a super class or one of their interfaces is named {@code typeName}. */
  public static boolean isA(Object o, String typeName) {
    for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getName().equals(typeName)) {
        return true;
      }
      for (Class<?> i : c.getInterfaces()) {
        if (i.getName().equals(typeName)) {
          return true;
        }
      }
    }
    return false;
  }
}
