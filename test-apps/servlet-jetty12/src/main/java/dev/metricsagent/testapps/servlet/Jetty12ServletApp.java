package dev.metricsagent.testapps.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * {@link Servlets} on embedded Jetty 12 ee10 (a {@code ServletContextHandler}; an unmapped path is
 * answered by Jetty's own {@code Default404Servlet}), and a second web app at {@code /app}:
 * Jersey's {@code ServletContainer}, started with that web app ({@link HiResource}).
 *
 * <pre>{@code
 * java -jar test-apps/servlet-jetty12/target/servlet-jetty12.jar --port 0
 * # stdout: servlet-jetty12 listening on http://localhost:<port>
 * }</pre>
 */
public final class Jetty12ServletApp {
  private Jetty12ServletApp() {}

  public static void main(String[] args) throws Exception {
    int port = args.length >= 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 0;
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler ctx = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    ctx.setContextPath("/");
    servlet(ctx, new Servlets.Hello(), "/hello");
    servlet(ctx, new Servlets.Items(), "/items/*");
    servlet(ctx, new Servlets.Boom(), "/boom");
    servlet(ctx, new Servlets.Secure(), "/secure/*");
    servlet(ctx, new Servlets.Teapot(), "/teapot");
    servlet(ctx, new Servlets.ErrorPage(), "/error");
    servlet(ctx, new Servlets.Forward(), "/forward");
    servlet(ctx, new Servlets.Async(), "/async");
    servlet(ctx, new Servlets.AsyncDispatch(), "/async-dispatch");
    servlet(ctx, new Servlets.Did(), "*.do");
    FilterHolder token = new FilterHolder(new Servlets.TokenFilter());
    token.setAsyncSupported(true);
    ctx.addFilter(token, "/secure/*", EnumSet.of(DispatcherType.REQUEST));
    ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
    errors.addErrorPage(418, "/error");
    ctx.setErrorHandler(errors);
    ServletContextHandler app = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    app.setContextPath("/app");
    ServletHolder jersey =
        new ServletHolder(new ServletContainer(new ResourceConfig(HiResource.class)));
    jersey.setInitOrder(1); // load-on-startup: Jersey starts while the web app does
    app.addServlet(jersey, "/*");
    server.setHandler(new ContextHandlerCollection(ctx, app));
    server.start();
    System.out.println("servlet-jetty12 listening on http://localhost:" + connector.getLocalPort());
    server.join();
  }

  private static void servlet(ServletContextHandler ctx, HttpServlet servlet, String mapping) {
    ServletHolder h = new ServletHolder(servlet);
    h.setAsyncSupported(true);
    ctx.addServlet(h, mapping);
  }
}
