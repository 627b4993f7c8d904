package dev.metricsagent.testapps.spring;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/** Regex variables, exceptions, a secured path and a trailing-slash mapping. */
@RestController
public class MiscController {
  /** What scripts/bench polls for the first 200. */
  @GetMapping("/health")
  String health() {
    return "ok";
  }

  @GetMapping("/items/{id:[0-9]+}")
  String item(@PathVariable("id") String id) {
    return "item " + id;
  }

  /** Spring Security answers 401 here without the X-Token header, before dispatch. */
  @GetMapping("/secure/data")
  String secureData() {
    return "secret";
  }

  /** Mapped to 418 by {@link Errors}. */
  @GetMapping("/teapot")
  String teapot() {
    throw new Errors.TeapotException();
  }

  /** Uncaught: Boot's error page answers 500 after an error dispatch. */
  @GetMapping("/boom")
  String boom() {
    throw new IllegalStateException("boom");
  }

  @RequestMapping(
      path = {"/trail", "/trail/"},
      method = RequestMethod.GET)
  String trail() {
    return "trail";
  }
}
