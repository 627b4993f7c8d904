package dev.metricsagent.core;

import dev.metricsagent.AgentLog;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routes the app registered, as {@code http_route_info{method, endpoint} 1}, and the check
 * that every {@code exclude} template names one of them.
 *
 * <p>The check runs when the app answers its first request, by which time its start-up routes
 * are registered; a template that matches none gets one warning line. A route added later that
 * matches a template warned about gets one line saying so.
 */
final class RouteInventory {
  private final Info info;

  /** {@code METHOD endpoint} keys of the registered routes. */
  private final Set<String> routes = ConcurrentHashMap.newKeySet();

  /** The web app (context path) that registered each route of {@link #routes} that has one. */
  private final ConcurrentHashMap<String, String> webApps = new ConcurrentHashMap<String, String>();

  /** Registered templates the exclude option keeps out of the metrics (and of {@link #routes}). */
  private final Set<String> excludedRoutes = ConcurrentHashMap.newKeySet();

  /** Exclude templates (not the fixed endpoints) still to be checked or warned about. */
  private final Set<String> excludes;

  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private volatile boolean checked;

  private final NamingProfile naming;

  RouteInventory(
      PrometheusProperties props,
      PrometheusRegistry registry,
      Set<String> excludes,
      NamingProfile naming) {
    this.naming = naming;
    this.info =
        Info.builder(props)
            .name(naming.routeInfoName())
            .help("Routes the app registered, by method and route template; 1 for each.")
            .labelNames(naming.routeLabelNames())
            .register(registry);
    Set<String> templates = new TreeSet<String>(excludes);
    templates.remove(Endpoints.UNMATCHED);
    templates.remove(Endpoints.STATIC);
    this.excludes = templates;
  }

  /** A route of the web app at {@code webApp} (null: of none), removed with it. */
  void add(String method, String endpoint, String webApp) {
    String key = method + ' ' + endpoint;
    if (webApp != null) {
      webApps.put(key, webApp);
    }
    if (routes.add(key)) {
      info.addLabelValues(method, naming.routeLabelValue(endpoint));
    }
  }

  /** Adds a route the app registered but asked not to record: only the exclude check sees it. */
  void addExcluded(String endpoint) {
    if (checked && warned.remove(endpoint)) {
      AgentLog.info("exclude=" + endpoint + " now matches a route the app registered");
    }
    excludedRoutes.add(endpoint);
  }

  void remove(String method, String endpoint) {
    String key = method + ' ' + endpoint;
    webApps.remove(key);
    if (routes.remove(key)) {
      info.remove(method, naming.routeLabelValue(endpoint));
    }
  }

  /** Removes the routes the web app at {@code webApp} registered. */
  void removeWebApp(String webApp) {
    for (Map.Entry<String, String> e : webApps.entrySet()) {
      if (e.getValue().equals(webApp)) {
        String key = e.getKey();
        int space = key.indexOf(' ');
        remove(key.substring(0, space), key.substring(space + 1));
      }
    }
  }

  void clear() {
    for (String key : routes.toArray(new String[0])) {
      int space = key.indexOf(' ');
      remove(key.substring(0, space), key.substring(space + 1));
    }
  }

  /** Called on every recorded request; does its work once. */
  void checkExcludesOnce() {
    if (checked) {
      return;
    }
    synchronized (this) {
      if (checked) {
        return;
      }
      checked = true;
    }
    // the registered templates, derived once here rather than kept up to date on every add
    Set<String> endpoints = new HashSet<String>(excludedRoutes);
    for (String key : routes) {
      endpoints.add(key.substring(key.indexOf(' ') + 1));
    }
    if (endpoints.isEmpty()) {
      return; // nothing registered through an instrumented framework: nothing to check against
    }
    for (String t : excludes) {
      if (!endpoints.contains(t)) {
        warned.add(t);
        AgentLog.warn(
            "exclude=" + t + " matches none of the " + endpoints.size()
                + " route templates the app registered, so it excludes nothing; exclude takes"
                + " route templates as registered, e.g. /products/:id");
      }
    }
  }
}
