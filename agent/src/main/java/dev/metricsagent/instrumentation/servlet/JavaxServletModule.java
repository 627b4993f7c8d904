package dev.metricsagent.instrumentation.servlet;

import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

/**
 * Tomcat 9 ({@code javax.servlet} 4.0): {@link ServletModule}'s Tomcat hook with the javax types.
 * Off, silently, in a class loader without Servlet 4's {@code HttpServletMapping}.
 */
public final class JavaxServletModule implements InstrumentationModule {
  static final String API = "javax.servlet";

  @Override
  public String name() {
    return "servlet-javax";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Collections.<TypeInstrumentation>singletonList(new JavaxTomcatInstrumentation());
  }

  @Override
  public String requiredType() {
    return API + ".http.HttpServletMapping";
  }

  @Override
  public List<Reference> references() {
    return ServletReferences.of(API, true, true);
  }
}
