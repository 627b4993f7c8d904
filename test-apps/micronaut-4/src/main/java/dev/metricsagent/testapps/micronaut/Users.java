package dev.metricsagent.testapps.micronaut;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** Two path variables in one template, and a route behind {@link TokenFilter}. */
@Controller
public class Users {
  @Get(value = "/users/{user}/orders/{order}", produces = MediaType.TEXT_PLAIN)
  public String order(String user, int order) {
    return user + " #" + order;
  }

  @Get(value = "/secure/data", produces = MediaType.TEXT_PLAIN)
  public String secure() {
    return "secret";
  }
}
