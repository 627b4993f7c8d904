package dev.metricsagent.testapps.jerseyweb;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.glassfish.jersey.servlet.ServletProperties;

/**
 * Jersey in a servlet container (embedded Tomcat), both ways:
 *
 * <ul>
 *   <li>the root web app: Jersey's {@code ServletContainer} as the servlet at {@code /*}, behind
 *       {@link MethodFilter} (TRACE refused), serving {@link RootResource} and {@link
 *       ClosedMapper};
 *   <li>{@code /web}: the {@code ServletContainer} as a filter with {@code forwardOn404}, serving
 *       {@link HelloResource} and passing every other path to the container's default servlet,
 *       which serves {@code hello.txt}.
 * </ul>
 *
 * <pre>{@code
 * java -jar jersey-web-3.1.jar --port 0
 * }</pre>
 *
 * <p>Prints {@code jersey-web listening on http://localhost:<port>} when ready.
 */
public final class JerseyWebApp {
  private JerseyWebApp() {}

  public static void main(String[] args) throws Exception {
    int port = args.length >= 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 0;
    File base = Files.createTempDirectory("jersey-web").toFile();
    File files = new File(base, "web");
    files.mkdirs();
    Files.write(new File(files, "hello.txt").toPath(), "a file\n".getBytes(StandardCharsets.UTF_8));
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.getAbsolutePath());
    Connector connector = new Connector();
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    connector.setAllowTrace(true); // TRACE reaches the app, whose filter refuses it
    tomcat.setConnector(connector);

    Context root = tomcat.addContext("", base.getAbsolutePath());
    Tomcat.addServlet(
        root,
        "jersey",
        new ServletContainer(new ResourceConfig(RootResource.class, ClosedMapper.class)));
    root.addServletMappingDecoded("/*", "jersey");
    filter(root, "methods", new MethodFilter());

    Context web = tomcat.addContext("/web", files.getAbsolutePath());
    Tomcat.addServlet(web, "default", new DefaultServlet());
    web.addServletMappingDecoded("/", "default");
    filter(
        web,
        "jersey",
        new ServletContainer(
            new ResourceConfig(HelloResource.class)
                .property(ServletProperties.FILTER_FORWARD_ON_404, true)));

    tomcat.start();
    System.out.println("jersey-web listening on http://localhost:" + connector.getLocalPort());
    tomcat.getServer().await();
  }

  private static void filter(Context ctx, String name, jakarta.servlet.Filter filter) {
    FilterDef def = new FilterDef();
    def.setFilterName(name);
    def.setFilter(filter);
    ctx.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName(name);
    map.addURLPattern("/*");
    ctx.addFilterMap(map);
  }
}
