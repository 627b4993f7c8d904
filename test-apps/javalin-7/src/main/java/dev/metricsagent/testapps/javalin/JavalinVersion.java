package dev.metricsagent.testapps.javalin;

import io.javalin.Javalin;
import io.javalin.apibuilder.EndpointGroup;
import io.javalin.http.ExceptionHandler;
import io.javalin.http.staticfiles.Location;

/**
 * Javalin 7's way to configure the fixture: routes and mappers on {@code config.routes}, the
 * context path on {@code config.router}.
 */
final class JavalinVersion {
  private JavalinVersion() {}

  static <E extends Exception> Javalin create(
      EndpointGroup routes,
      Class<E> exception,
      ExceptionHandler<? super E> mapper,
      String contextPath) {
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.http.prefer405over404 = true; // a wrong method on a route's path: 405
          config.staticFiles.add("/public", Location.CLASSPATH);
          config.router.contextPath = contextPath;
          config.routes.apiBuilder(routes);
          config.routes.exception(exception, mapper);
        });
  }
}
