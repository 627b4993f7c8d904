package dev.metricsagent.testapps.micronaut;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * Two path variables in one template, a route behind {@link TokenFilter} and one behind {@link
 * AdminFilter}.
 */
@Controller
public class Users {
  @Get(value = "/users/{user}/orders/{order}", produces = MediaType.TEXT_PLAIN)
  public String order(String user, int order) {
    return user + " #" + order;
  }

  @Get(value = "/admin/stats/{day}", produces = MediaType.TEXT_PLAIN)
  public String stats(String day) {
    return "stats of " + day;
  }

  @Get(value = "/secure/data", produces = MediaType.TEXT_PLAIN)
  public String secure() {
    return "secret";
  }
}
