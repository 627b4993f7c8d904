package dev.metricsagent.testapps.servlet;

import jakarta.servlet.http.HttpServlet;
import java.io.File;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * {@link Servlets} on embedded Tomcat 10.1 ({@code Tomcat.addContext}: no default servlet, so an
 * unmapped path is the container's own 404), and a second web app at {@code /app} (Tomcat answers
 * {@code /app} itself, with a redirect to {@code /app/}).
 *
 * <pre>{@code
 * java -jar test-apps/servlet-tomcat/target/servlet-tomcat.jar --port 0
 * # stdout: servlet-tomcat listening on http://localhost:<port>
 * }</pre>
 */
public final class TomcatServletApp {
  private TomcatServletApp() {}

  public static void main(String[] args) throws Exception {
    int port = args.length >= 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 0;
    File base = Files.createTempDirectory("servlet-tomcat").toFile();
    base.deleteOnExit();
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.getAbsolutePath());
    Connector connector = new Connector();
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);

    Context ctx = tomcat.addContext("", base.getAbsolutePath());
    servlet(ctx, "hello", new Servlets.Hello(), "/hello");
    servlet(ctx, "items", new Servlets.Items(), "/items/*");
    servlet(ctx, "boom", new Servlets.Boom(), "/boom");
    servlet(ctx, "secure", new Servlets.Secure(), "/secure/*");
    servlet(ctx, "teapot", new Servlets.Teapot(), "/teapot");
    servlet(ctx, "error", new Servlets.ErrorPage(), "/error");
    servlet(ctx, "forward", new Servlets.Forward(), "/forward");
    servlet(ctx, "async", new Servlets.Async(), "/async");
    servlet(ctx, "async-dispatch", new Servlets.AsyncDispatch(), "/async-dispatch");
    servlet(ctx, "did", new Servlets.Did(), "*.do");

    FilterDef token = new FilterDef();
    token.setFilterName("token");
    token.setFilter(new Servlets.TokenFilter());
    token.setAsyncSupported("true");
    ctx.addFilterDef(token);
    FilterMap tokenMap = new FilterMap();
    tokenMap.setFilterName("token");
    tokenMap.addURLPattern("/secure/*");
    ctx.addFilterMap(tokenMap);

    ErrorPage teapot = new ErrorPage();
    teapot.setErrorCode(418);
    teapot.setLocation("/error");
    ctx.addErrorPage(teapot);

    // a second web app at /app: Tomcat itself redirects /app to /app/
    Context app = tomcat.addContext("/app", base.getAbsolutePath());
    servlet(app, "hi", new Servlets.Hello(), "/hi");

    tomcat.start();
    System.out.println("servlet-tomcat listening on http://localhost:" + connector.getLocalPort());
    tomcat.getServer().await();
  }

  private static void servlet(Context ctx, String name, HttpServlet servlet, String mapping) {
    Wrapper w = Tomcat.addServlet(ctx, name, servlet);
    w.setAsyncSupported(true);
    ctx.addServletMappingDecoded(mapping, name);
  }
}
