package dev.metricsagent.testapps.spring;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Class-level and method-level mappings joined: {@code /owners/{ownerId}/pets/{petId}}. */
@RestController
@RequestMapping("/owners")
public class OwnerController {
  @GetMapping("/{ownerId}")
  ResponseEntity<String> owner(@PathVariable("ownerId") String ownerId) {
    // the route's own 404: a matched handler that found nothing
    if ("0".equals(ownerId)) {
      return ResponseEntity.notFound().build();
    }
    return ResponseEntity.ok("owner " + ownerId);
  }

  @GetMapping("/{ownerId}/pets/{petId}")
  String pet(@PathVariable("ownerId") String ownerId, @PathVariable("petId") String petId) {
    if ("0".equals(petId)) {
      // resolved by Spring to sendError(404): an error dispatch to /error follows
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such pet");
    }
    return "pet " + petId + " of " + ownerId;
  }

  /** Not called by the tests: in the route inventory at zero. */
  @DeleteMapping("/{ownerId}")
  ResponseEntity<Void> delete(@PathVariable("ownerId") String ownerId) {
    return ResponseEntity.noContent().build();
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  String create(@RequestBody String body) {
    return "created " + body;
  }
}
