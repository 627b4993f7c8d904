package dev.metricsagent.instrumentation.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metricsagent.bridge.RecordedEvents;
import dev.metricsagent.bridge.RouteEvents;
import java.util.List;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The web app start and stop advice of Tomcat ({@link TomcatContextInstrumentation}) and Jetty
 * ({@link JettyContextInstrumentation}, on a real Jetty 9.4 {@code ServletContextHandler}),
 * called as the static methods they are: a route registered while a web app starts is listed
 * under its context path; its stop is told with the same path.
 */
class WebAppContextAdviceTest {
  private final RecordedEvents recorder = RecordedEvents.install();

  @AfterEach
  void close() {
    recorder.close();
  }

  @Test
  void jettyContextsListTheirRoutesUnderTheirPathAndTellTheirStop() {
    ServletContextHandler app = new ServletContextHandler();
    app.setContextPath("/app");
    ServletContextHandler root = new ServletContextHandler();
    root.setContextPath("/");

    String previous = JettyContextInstrumentation.ContextStartAdvice.enter(app);
    RouteEvents.added("GET", "/hi"); // a framework the web app starts (SparkFilter's init)
    JettyContextInstrumentation.ContextStartAdvice.exit(previous);
    previous = JettyContextInstrumentation.ContextStartAdvice.enter(root);
    RouteEvents.added("GET", "/hi");
    JettyContextInstrumentation.ContextStartAdvice.exit(previous);
    RouteEvents.added("GET", "/later"); // after the start: no web app's
    JettyContextInstrumentation.ContextStopAdvice.exit(app);
    JettyContextInstrumentation.ContextStopAdvice.exit(root);

    assertEquals(
        List.of("+GET /app/hi", "+GET /hi", "+GET /later", "stopped /app", "stopped "),
        recorder.events());
  }

  @Test
  void tomcatContextsListTheirRoutesUnderTheirPathAndTellTheirStop() {
    String previous = TomcatContextInstrumentation.ContextStartAdvice.enter("/app1");
    RouteEvents.added("GET", "/orders/{id}");
    String nested = TomcatContextInstrumentation.ContextStartAdvice.enter(""); // ROOT, inside
    RouteEvents.added("GET", "/x");
    TomcatContextInstrumentation.ContextStartAdvice.exit(nested);
    RouteEvents.added("GET", "/y"); // /app1's again
    TomcatContextInstrumentation.ContextStartAdvice.exit(previous);
    TomcatContextInstrumentation.ContextStopAdvice.exit("/app1");

    assertEquals(
        List.of("+GET /app1/orders/{id}", "+GET /x", "+GET /app1/y", "stopped /app1"),
        recorder.events());
  }
}
