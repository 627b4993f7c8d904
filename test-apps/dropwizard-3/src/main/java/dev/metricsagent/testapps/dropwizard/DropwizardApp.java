package dev.metricsagent.testapps.dropwizard;

import dev.metricsagent.testapps.jerseyweb.ClosedMapper;
import dev.metricsagent.testapps.jerseyweb.RootResource;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import org.eclipse.jetty.server.Server;

/**
 * A Dropwizard 3 app (Jersey 2 on Jetty 10): the resources of the Jersey web app registered with
 * {@code environment.jersey()}, Dropwizard's {@code AllowedMethodsFilter} in front of them (TRACE
 * refused with 405), its admin servlets at {@code /admin} of the same connector ({@code
 * dropwizard.yml}: the simple server, port 0 on 127.0.0.1).
 *
 * <pre>{@code
 * java -jar dropwizard-3.jar
 * }</pre>
 *
 * <p>Prints {@code dropwizard listening on http://localhost:<port>} when ready.
 */
public final class DropwizardApp extends Application<Configuration> {
  public static void main(String[] args) throws Exception {
    new DropwizardApp().run("server", "dropwizard.yml");
  }

  @Override
  public void initialize(Bootstrap<Configuration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(new ResourceConfigurationSourceProvider());
  }

  @Override
  public void run(Configuration configuration, Environment environment) {
    environment.jersey().register(new RootResource());
    environment.jersey().register(new ClosedMapper());
    environment.lifecycle().addServerLifecycleListener(new ServerLifecycleListener() {
      @Override
      public void serverStarted(Server server) {
        System.out.println("dropwizard listening on http://localhost:" + getLocalPort(server));
      }
    });
  }
}
