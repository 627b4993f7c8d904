package dev.metricsagent.testapps.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * A Spring Boot app for the agent's ITs (built on Boot 3.5 and 4.0): annotated controllers
 * ({@link OwnerController}, {@link MiscController}), a functional route (below), a security chain
 * ({@link SecurityConfig}), an {@code @ExceptionHandler} ({@link Errors}) and static files.
 *
 * <pre>{@code
 * java -jar spring-boot-app-3.5.jar --server.port=0 --server.address=127.0.0.1
 * java -jar spring-boot-app-3.5.jar --port 0 --host 127.0.0.1
 * }</pre>
 *
 * <p>Prints {@code spring-boot-app listening on http://localhost:<port>} when ready.
 */
@SpringBootApplication
public class SpringBootFixtureApp {
  public static void main(String[] args) {
    SpringApplication.run(SpringBootFixtureApp.class, bootArgs(args));
  }

  /**
   * {@code --port P --host H}, as the demo app takes them (so scripts/bench can start this app
   * too), become Boot's {@code --server.port=P --server.address=H}; the rest pass as they are.
   */
  static String[] bootArgs(String[] args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (("--port".equals(args[i]) || "--host".equals(args[i])) && i + 1 < args.length) {
        String key = "--port".equals(args[i]) ? "server.port" : "server.address";
        out.add("--" + key + "=" + args[++i]);
      } else {
        out.add(args[i]);
      }
    }
    return out.toArray(new String[0]);
  }

  @Bean
  RouterFunction<ServerResponse> functionalRoutes() {
    return RouterFunctions.route()
        .GET("/fn/hello/{name}", req -> ServerResponse.ok().body("hello " + req.pathVariable("name")))
        .POST("/fn/echo", req -> ServerResponse.status(201).body(req.body(String.class)))
        .build();
  }

  @EventListener(ApplicationReadyEvent.class)
  void ready(ApplicationReadyEvent event) {
    Environment env = event.getApplicationContext().getEnvironment();
    System.out.println(
        "spring-boot-app listening on http://localhost:" + env.getProperty("local.server.port"));
  }
}
