package dev.metricsagent.testapps.micronaut;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.annotation.PreMatching;

/** Refuses {@code /admin/**} without an {@code X-Admin} header: 403 before routing. */
@ServerFilter("/admin/**")
public class AdminFilter {
  @PreMatching
  @RequestFilter
  @Nullable
  public HttpResponse<?> check(HttpRequest<?> request) {
    return request.getHeaders().contains("X-Admin")
        ? null
        : HttpResponse.status(HttpStatus.FORBIDDEN);
  }
}
