package dev.metricsagent.testapps.micronaut;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/** Refuses {@code /secure/**} without an {@code X-Token} header: 401 before the route runs. */
@ServerFilter("/secure/**")
public class TokenFilter {
  @RequestFilter
  @Nullable
  public HttpResponse<?> check(HttpRequest<?> request) {
    return request.getHeaders().contains("X-Token") ? null : HttpResponse.unauthorized();
  }
}
