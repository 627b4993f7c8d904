package dev.metricsagent.instrumentation.servlet;

import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

/**
 * Tomcat 9 to 11: the start of a web app, so that the routes its frameworks register while it
 * starts are listed under its context path ({@link TomcatContextInstrumentation}). A module of
 * its own: it uses no servlet type, and its one reference must not turn the servlet modules off
 * on Jetty.
 */
public final class TomcatWebAppModule implements InstrumentationModule {
  static final String STANDARD_CONTEXT = "org.apache.catalina.core.StandardContext";

  @Override
  public String name() {
    return "tomcat-webapps";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Collections.<TypeInstrumentation>singletonList(new TomcatContextInstrumentation());
  }

  @Override
  public String requiredType() {
    return STANDARD_CONTEXT;
  }

  @Override
  public List<Reference> references() {
    return Collections.singletonList(
        Reference.field(STANDARD_CONTEXT, "path", "Ljava/lang/String;"));
  }
}
