package dev.metricsagent.testapps.spring;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** An {@code @ExceptionHandler} that answers 418. */
@RestControllerAdvice
public class Errors {
  static final class TeapotException extends RuntimeException {
    TeapotException() {
      super("I'm a teapot");
    }
  }

  @ExceptionHandler(TeapotException.class)
  ResponseEntity<String> teapot(TeapotException e) {
    return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT).body(e.getMessage());
  }
}
