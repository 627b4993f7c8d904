package dev.metricsagent.testapps.servlet;

import java.net.InetSocketAddress;
import java.util.EnumSet;
import javax.servlet.DispatcherType;
import javax.servlet.http.HttpServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import spark.servlet.SparkFilter;

/**
 * {@link Servlets} on embedded Jetty 9.4 (a {@code ServletContextHandler}; an unmapped path is
 * answered by Jetty's own {@code Default404Servlet}; one servlet, {@code greet}, is mapped under
 * two patterns, {@code /greet/*} and {@code /salute}), and a second web app at {@code /app}: Spark
 * behind its {@code SparkFilter}, which registers {@link SparkHi}'s routes while that web app
 * starts.
 *
 * <pre>{@code
 * java -jar test-apps/servlet-jetty/target/servlet-jetty.jar --port 0
 * # stdout: servlet-jetty listening on http://localhost:<port>
 * }</pre>
 */
public final class JettyServletApp {
  private JettyServletApp() {}

  public static void main(String[] args) throws Exception {
    int port = args.length >= 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 0;
    Server server = new Server(new InetSocketAddress("127.0.0.1", port));
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
    ServletHolder greet = new ServletHolder("greet", new Servlets.Hello()); // two patterns
    ctx.addServlet(greet, "/greet/*");
    ctx.addServlet(greet, "/salute");
    FilterHolder token = new FilterHolder(new Servlets.TokenFilter());
    token.setAsyncSupported(true);
    ctx.addFilter(token, "/secure/*", EnumSet.of(DispatcherType.REQUEST));
    ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
    errors.addErrorPage(418, "/error");
    ctx.setErrorHandler(errors);
    ServletContextHandler app = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    app.setContextPath("/app");
    FilterHolder spark = new FilterHolder(SparkFilter.class);
    spark.setInitParameter("applicationClass", SparkHi.class.getName());
    app.addFilter(spark, "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(new ContextHandlerCollection(ctx, app));
    server.start();
    int bound = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    System.out.println("servlet-jetty listening on http://localhost:" + bound);
    server.join();
  }

  private static void servlet(ServletContextHandler ctx, HttpServlet servlet, String mapping) {
    ServletHolder h = new ServletHolder(servlet);
    h.setAsyncSupported(true);
    ctx.addServlet(h, mapping);
  }
}
