package dev.metricsagent.testapps.war;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class OwnerController {
  @GetMapping("/owners/{ownerId}")
  public String owner(@PathVariable("ownerId") String ownerId) {
    return "owner " + ownerId;
  }
}
