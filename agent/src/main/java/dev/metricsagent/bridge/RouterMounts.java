package dev.metricsagent.bridge;

/**
 * Routes of routers mounted in routers (Vert.x sub-routers), named by their templates under
 * every mount point. The framework hands a mounted router's routes the mount point as matched:
 * the route's path for {@code /api/*}, but the request's own path for a parameterized one
 * ({@code /users/:uid/*} gives {@code /users/7/}). So each mount the request passes is noted with
 * its template, and a route's mount point is read through them, never used raw.
 *
 * <pre>{@code
 * RouterMounts.mounted(s, null, "/users/7/", "/users/:uid/");     // sub-router entered
 * RouterMounts.routeEntered(s, "/users/7/", "/orders/:oid", null, true, false);
 * // the request is named /users/:uid/orders/:oid
 * }</pre>
 */
public final class RouterMounts {
  /** Mounts noted per request: apps nest a few; past this a mount point is used as given. */
  static final int MAX = 8;

  /** A route's template under its mount's, by the route's path or regex and its kind. */
  private static final JoinedRoutes ROUTES = new JoinedRoutes();

  /** A resource method's template, by its framework path, class path and method path. */
  private static final JoinedRoutes RESOURCES = new JoinedRoutes();

  private static final String EXACT = "exact";
  private static final String WILDCARD = "wildcard";
  private static final String REGEX = "regex";
  private static final String PATHLESS = "path-less";

  private RouterMounts() {}

  /**
   * The request entered a router mounted at {@code mount} (as the framework gives it to that
   * router's routes) by a route of path {@code mountPath} ({@code /api/}, {@code /users/:uid/})
   * in the router mounted at {@code parentMount} (null: the root router).
   */
  public static void mounted(RequestState s, String parentMount, String mount, String mountPath) {
    if (s == null || mount == null || mountPath == null || templateAt(s, mount) >= 0) {
      return;
    }
    if (s.mounts == null) {
      s.mounts = new String[2 * MAX];
    }
    if (s.mountCount < MAX) {
      s.mounts[2 * s.mountCount] = mount;
      s.mounts[2 * s.mountCount + 1] = TemplateJoins.joinPath(template(s, parentMount), mountPath);
      s.mountCount++;
    }
  }

  /**
   * A route's handler runs, in the router mounted at {@code mount} (null: the root): the request
   * is named by the route's template under the mount's ({@link ReactiveRequests#routeEntered}).
   *
   * @param path the route's path ({@code /items/:id}; a wildcard route's without its {@code *}),
   *     or null
   * @param regex the route's regular expression when it has no path, or null (neither: a
   *     path-less route, named by its mount point)
   * @param exact false for a wildcard route
   * @param staticFiles the route's handler is the framework's static file handler
   */
  public static void routeEntered(
      RequestState s, String mount, String path, String regex, boolean exact, boolean staticFiles) {
    if (s == null) {
      return;
    }
    if (staticFiles) {
      ReactiveRequests.staticEntered(s);
      return;
    }
    String under = template(s, mount);
    String part = path != null ? path : regex;
    String template;
    if (under == null && (exact || path == null)) {
      template = part != null ? part : "/"; // a route of the root router: as written
    } else {
      String kind = path != null ? (exact ? EXACT : WILDCARD) : part != null ? REGEX : PATHLESS;
      template = ROUTES.find(under, part, kind);
      if (template == null) {
        String route = path != null && !exact ? TemplateJoins.joinPath(path, "*") : part;
        template =
            ROUTES.keep(under, part, kind, TemplateJoins.joinPath(under, route == null ? "/" : route));
      }
    }
    ReactiveRequests.routeEntered(s, template, path == null && regex == null || !exact);
  }

  /** The template of {@code mount}: as noted, else as given (null: the root). */
  static String template(RequestState s, String mount) {
    int i = mount == null ? -1 : templateAt(s, mount);
    return i >= 0 ? s.mounts[i] : mount;
  }

  private static int templateAt(RequestState s, String mount) {
    for (int i = 0; i < s.mountCount; i++) {
      if (mount.equals(s.mounts[2 * i])) {
        return 2 * i + 1;
      }
    }
    return -1;
  }

  /**
   * A framework running on a router's route chose a resource method for the request (Quarkus
   * REST on Vert.x Web): the request is named by it, the framework's own path ({@code prefix},
   * from the server's root: Quarkus's root path, which is the route's mount point, and the
   * application path), its class path and method path joined, or, for the result of a
   * sub-resource {@code locator}, after the template the locator's method named. A method with
   * an {@code httpMethod} is the endpoint: the request counts in progress on it, and one reached
   * through a locator is added to the route inventory (a no-op once listed: the start-up listing
   * cannot resolve every locator); a locator's own method (null) only names it, as its
   * sub-resource's method renames it next.
   */
  public static void resourceEntered(
      RequestState s,
      String prefix,
      String classPath,
      String path,
      boolean locator,
      String httpMethod) {
    if (s == null) {
      return;
    }
    String t;
    if (locator && !s.prefixRoute && s.template != null) {
      t = path == null ? s.template : TemplateJoins.joinPath(s.template, path);
    } else {
      t = RESOURCES.find(prefix, classPath, path);
      t = t != null ? t : RESOURCES.keep(prefix, classPath, path, resourceTemplate(prefix, classPath, path));
    }
    if (httpMethod == null) {
      ReactiveRequests.routeNamed(s, t);
      return;
    }
    ReactiveRequests.routeEntered(s, t, false);
    if (locator) {
      RouteEvents.added(httpMethod, s.template);
    }
  }

  /**
   * A resource method's template: the framework's path from the server's root ({@code prefix};
   * empty or null: none), the class path and the method path joined without doubled or trailing
   * slashes.
   */
  public static String resourceTemplate(String prefix, String classPath, String path) {
    String t = TemplateJoins.joinPath("/", prefix == null ? "/" : prefix);
    t = classPath == null ? t : TemplateJoins.joinPath(t, classPath);
    return path == null ? t : TemplateJoins.joinPath(t, path);
  }
}
