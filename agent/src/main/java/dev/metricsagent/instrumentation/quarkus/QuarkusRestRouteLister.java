package dev.metricsagent.instrumentation.quarkus;

import static dev.metricsagent.instrumentation.PublicApi.call;
import static dev.metricsagent.instrumentation.quarkus.QuarkusRestRouteFinder.field;
import static dev.metricsagent.instrumentation.quarkus.QuarkusRestRouteFinder.template;

import dev.metricsagent.bridge.RouteEvents;
import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.bridge.RouterMounts;
import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lists a RESTEasy Reactive {@code Deployment}'s resource methods: each class mapper's {@code
 * ClassRoutingHandler}, its mappers (one per HTTP method) and their {@code RuntimeResource}s, at
 * the deployment's path, the class path and the method path joined as a request is named ({@link
 * RouterMounts#resourceTemplate}). A sub-resource locator's routes come from the resources
 * RESTEasy registered for its declared return type (its {@code ResourceLocatorHandler}), after the
 * locator's template, followed through further locators, a type already on the chain not again;
 * a locator declared to return a type RESTEasy has no resources for (an interface, {@code
 * Object}) is resolved only at run time: its routes are listed when first matched, as Jersey's.
 * The deployment's path is from the server's root: Quarkus's {@code quarkus.http.root-path}
 * (the Vert.x mount point of its REST route) and the application path, as in a request's
 * template. By reflection on public API, the locator handler's map excepted (a private field).
 */
final class QuarkusRestRouteLister implements RouteLister {
  @Override
  public void listRoutes(Object deployment) {
    if (!deployment.getClass().getName().equals(QuarkusRestModule.DEPLOYMENT)) {
      throw new IllegalStateException("not a RESTEasy Reactive Deployment");
    }
    try {
      String prefix = (String) call(deployment, "getPrefix");
      Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<Object, Boolean>());
      for (Object classMapper : (List<?>) call(deployment, "getClassMappers")) {
        Object match = field(classMapper, "value");
        Object[] handlers = match == null ? null : (Object[]) field(match, "handlers");
        for (Object h : handlers == null ? new Object[0] : handlers) {
          if (h != null && h.getClass().getName().equals(QuarkusRestModule.CLASS_ROUTING)) {
            Map<?, ?> mappers = (Map<?, ?>) call(h, "getMappers");
            listMappers(mappers.values(), null, prefix, seen, new ArrayList<Class<?>>());
          }
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot list the resources of " + deployment, e);
    }
  }

  /**
   * The resources of {@code mappers}: at {@code prefix} and their class path for a class's
   * ({@code locatorTemplate} null), else after {@code locatorTemplate}.
   */
  private static void listMappers(
      Iterable<?> mappers, String locatorTemplate, String prefix, Set<Object> seen,
      List<Class<?>> chain) throws ReflectiveOperationException {
    for (Object mapper : mappers) {
      for (Object requestPath : (List<?>) call(mapper, "getTemplates")) {
        Object resource = field(requestPath, "value");
        if (resource == null || !seen.add(resource)) {
          continue; // a locator is in every method's mapper
        }
        String path = template(call(resource, "getPath"));
        String template =
            locatorTemplate == null
                ? RouterMounts.resourceTemplate(
                    prefix, template(call(resource, "getClassPath")), path)
                : RouterMounts.resourceTemplate(locatorTemplate, null, path);
        String httpMethod = (String) call(resource, "getHttpMethod");
        if (httpMethod != null) {
          RouteEvents.added(httpMethod, template);
        } else {
          listLocated(resource, template, prefix, seen, chain);
        }
      }
    }
  }

  /** The routes of the type a locator {@code resource} returns, if RESTEasy resolved it. */
  private static void listLocated(
      Object resource, String template, String prefix, Set<Object> seen, List<Class<?>> chain)
      throws ReflectiveOperationException {
    Type returned = (Type) call(resource, "getReturnType");
    if (!(returned instanceof Class) || chain.contains(returned)) {
      return;
    }
    for (Object h : (Object[]) call(resource, "getHandlerChain")) {
      if (h != null && h.getClass().getName().equals(QuarkusRestModule.LOCATOR_HANDLER)) {
        Field f = h.getClass().getDeclaredField("resourceLocatorHandlers");
        f.setAccessible(true);
        Map<?, ?> byClass = (Map<?, ?>) ((Map<?, ?>) f.get(h)).get(returned);
        if (byClass != null) {
          chain.add((Class<?>) returned);
          listMappers(byClass.values(), template, prefix, seen, chain);
          chain.remove(chain.size() - 1);
        }
        return;
      }
    }
  }
}
