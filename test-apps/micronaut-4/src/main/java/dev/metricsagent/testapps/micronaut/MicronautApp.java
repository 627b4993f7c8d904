package dev.metricsagent.testapps.micronaut;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;

/**
 * A Micronaut 4 app on its Netty server (controllers in this package, static files under {@code
 * /static/**}). Prints {@code micronaut-app listening on http://localhost:<port>} when ready;
 * {@code --micronaut.server.port=-1} takes a free port.
 */
public class MicronautApp {
  public static void main(String[] args) {
    ApplicationContext context = Micronaut.run(MicronautApp.class, args);
    EmbeddedServer server = context.getBean(EmbeddedServer.class);
    System.out.println("micronaut-app listening on http://localhost:" + server.getPort());
  }
}
