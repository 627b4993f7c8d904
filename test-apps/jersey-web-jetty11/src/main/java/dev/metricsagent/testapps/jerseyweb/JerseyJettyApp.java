package dev.metricsagent.testapps.jerseyweb;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * The root web app of {@link JerseyWebApp} on embedded Jetty 11, as Dropwizard 4 deploys Jersey:
 * Jersey's {@code ServletContainer} as the servlet at {@code /*}, behind {@link MethodFilter}
 * (TRACE refused), serving {@link RootResource} and {@link ClosedMapper}.
 *
 * <pre>{@code
 * java -jar jersey-web-jetty11.jar --port 0
 * }</pre>
 *
 * <p>Prints {@code jersey-web listening on http://localhost:<port>} when ready.
 */
public final class JerseyJettyApp {
  private JerseyJettyApp() {}

  public static void main(String[] args) throws Exception {
    int port = args.length >= 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 0;
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler root = new ServletContextHandler();
    root.setContextPath("/");
    root.addServlet(
        new ServletHolder(
            "jersey",
            new ServletContainer(new ResourceConfig(RootResource.class, ClosedMapper.class))),
        "/*");
    root.addFilter(
        new FilterHolder(new MethodFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(root);

    server.start();
    System.out.println("jersey-web listening on http://localhost:" + connector.getLocalPort());
    server.join();
  }
}
