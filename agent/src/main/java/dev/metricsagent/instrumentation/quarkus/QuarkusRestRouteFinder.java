package dev.metricsagent.instrumentation.quarkus;

import static dev.metricsagent.instrumentation.PublicApi.call;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.RouteFinder;
import dev.metricsagent.bridge.RouterMounts;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The resource method a Quarkus REST request would have run: for one RESTEasy refused with 405
 * (as another HTTP method), the class routing handler's mappers (one per method) asked, by
 * reflection on their public API, to map the path left after the class path ({@code
 * getRemaining()}); the first match names the request as {@link QuarkusRestTargetAdvice} would
 * have. For one Quarkus refused before RESTEasy saw it (an HTTP permission's 401 or 403, on a
 * Vert.x route in front of RESTEasy's; asked after the Vert.x module's finder found no Vert.x
 * route), the same lookup RESTEasy makes: the current deployment's class mappers, then the
 * matched class's mappers, the request's method first. Only reads, and only for such requests.
 */
final class QuarkusRestRouteFinder implements RouteFinder {
  @Override
  public void find(String framework, Object mappers, Object request, RequestState state)
      throws ReflectiveOperationException {
    if (!(mappers instanceof Map)) {
      if (mappers == null && request != null) {
        findRefused(request, state);
      }
      return;
    }
    String remaining = (String) call(request, "getRemaining");
    for (Object mapper : ((Map<?, ?>) mappers).values()) {
      Object match = map(mapper, remaining);
      Object target = match == null ? null : field(match, "value");
      if (target != null) {
        RouterMounts.resourceEntered(
            state,
            (String) call(call(request, "getDeployment"), "getPrefix"),
            template(call(target, "getClassPath")),
            template(call(target, "getPath")),
            false,
            null); // named, not in progress: RESTEasy has answered it
        return;
      }
    }
  }

  /** A request on Vert.x routing context {@code ctx} that Quarkus refused before RESTEasy. */
  private static void findRefused(Object ctx, RequestState state)
      throws ReflectiveOperationException {
    ClassLoader loader = ctx.getClass().getClassLoader();
    Class<?> recorder;
    try {
      recorder = Class.forName(QuarkusRestModule.RECORDER, false, loader);
    } catch (ClassNotFoundException e) {
      return; // Vert.x Web without Quarkus REST
    }
    Object deployment = recorder.getMethod("getCurrentDeployment").invoke(null);
    String path = (String) call(ctx, "normalizedPath");
    if (deployment == null || path == null) {
      return;
    }
    String prefix = (String) call(deployment, "getPrefix");
    String rest = withoutPrefix(path, prefix);
    List<?> classMappers = (List<?>) call(deployment, "getClassMappers");
    Class<?> mapperType = Class.forName(QuarkusRestModule.REQUEST_MAPPER, false, loader);
    Object classMapper = // a new one over a copy: RESTEasy's own is left untouched
        mapperType.getConstructor(ArrayList.class).newInstance(new ArrayList<Object>(classMappers));
    Object classMatch = rest == null ? null : map(classMapper, rest);
    Object initial = classMatch == null ? null : field(classMatch, "value");
    for (Object h : initial == null ? new Object[0] : (Object[]) field(initial, "handlers")) {
      if (h != null && h.getClass().getName().equals(QuarkusRestModule.CLASS_ROUTING)) {
        String method = (String) call(call(call(ctx, "request"), "method"), "name");
        Object target = target((Map<?, ?>) call(h, "getMappers"), method,
            (String) field(classMatch, "remaining"));
        if (target != null) {
          RouterMounts.resourceEntered(
              state,
              prefix,
              template(call(target, "getClassPath")),
              template(call(target, "getPath")),
              false,
              null);
        }
        return;
      }
    }
  }

  /** The resource {@code mappers} map {@code remaining} to, the one for {@code method} first. */
  private static Object target(Map<?, ?> mappers, String method, String remaining)
      throws ReflectiveOperationException {
    Object own = mappers.get(method);
    Object match = own == null ? null : map(own, remaining == null ? "" : remaining);
    for (Iterator<?> i = mappers.values().iterator(); match == null && i.hasNext(); ) {
      match = map(i.next(), remaining == null ? "" : remaining);
    }
    return match == null ? null : field(match, "value");
  }

  /** {@code path} after the deployment's {@code prefix}, or null when outside it. */
  static String withoutPrefix(String path, String prefix) {
    if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
      return path;
    }
    String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    if (!path.startsWith(p) || path.length() > p.length() && path.charAt(p.length()) != '/') {
      return null;
    }
    return path.length() == p.length() ? "/" : path.substring(p.length());
  }

  private static Object map(Object mapper, String path) throws ReflectiveOperationException {
    return mapper.getClass().getMethod("map", String.class).invoke(mapper, path);
  }

  /** A public field's value. */
  static Object field(Object target, String name) throws ReflectiveOperationException {
    return target.getClass().getField(name).get(target);
  }

  /** A {@code URITemplate}'s text, or null. */
  static String template(Object uriTemplate) throws ReflectiveOperationException {
    return uriTemplate == null
        ? null
        : (String) uriTemplate.getClass().getField("template").get(uriTemplate);
  }
}
