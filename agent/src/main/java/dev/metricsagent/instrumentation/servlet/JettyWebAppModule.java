package dev.metricsagent.instrumentation.servlet;

import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Jetty 9.4 to 12: the start and stop of a web app ({@link JettyContextInstrumentation}), what
 * {@link TomcatWebAppModule} is for Tomcat: routes its frameworks register while it starts are
 * listed under its context path, and leave the inventory when it stops. A module of its own: it
 * uses no servlet type, and its one reference must not turn the servlet modules off on Tomcat.
 */
public final class JettyWebAppModule implements InstrumentationModule {
  /** Jetty 9.4 to 11's context (servlet contexts extend it), and Jetty 12's core one. */
  static final String CONTEXT_HANDLER = "org.eclipse.jetty.server.handler.ContextHandler";

  /**
   * Jetty 12 ee10's servlet context: it initialises filters and servlets after its core {@link
   * #CONTEXT_HANDLER}'s start has returned.
   */
  static final String EE10_CONTEXT_HANDLER =
      "org.eclipse.jetty.ee10.servlet.ServletContextHandler";

  @Override
  public String name() {
    return "jetty-webapps";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Arrays.<TypeInstrumentation>asList(
        new JettyContextInstrumentation(CONTEXT_HANDLER),
        new JettyContextInstrumentation(EE10_CONTEXT_HANDLER));
  }

  @Override
  public String requiredType() {
    return CONTEXT_HANDLER;
  }

  @Override
  public List<Reference> references() {
    return Collections.singletonList(
        Reference.method(CONTEXT_HANDLER, "getContextPath", "()Ljava/lang/String;"));
  }
}
