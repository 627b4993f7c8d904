package dev.metricsagent.instrumentation.servlet;

import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Jetty 9.4 and 10 ({@code javax.servlet} 3.1 and 4.0; Dropwizard 2 and 3): {@link
 * ServletModule}'s Jetty hook; the mapping pattern comes from Jetty's own servlet mapping, as
 * Servlet 3.1 has no {@code getHttpServletMapping()}, read through members both lines share. Off,
 * silently, in a class loader without the javax servlet API (Jetty 11 is {@link ServletModule}'s).
 */
public final class Jetty9Module implements InstrumentationModule {
  private static final String MATCHED = "org.eclipse.jetty.http.pathmap.MatchedResource";
  private static final String PATH_SPEC = "org.eclipse.jetty.http.pathmap.PathSpec";
  private static final String REQUEST = "org.eclipse.jetty.server.Request";
  private static final String SCOPE = "org.eclipse.jetty.server.UserIdentity$Scope";

  @Override
  public String name() {
    return "servlet-jetty9";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Collections.<TypeInstrumentation>singletonList(new Jetty9Instrumentation());
  }

  @Override
  public String requiredType() {
    return JavaxServletModule.API + ".http.HttpServletRequest";
  }

  @Override
  public List<Reference> references() {
    List<Reference> refs =
        new ArrayList<Reference>(ServletReferences.of(JavaxServletModule.API, false, true));
    refs.add(
        Reference.method(
            Jetty9Instrumentation.SERVLET_HANDLER,
            "getMatchedServlet",
            "(Ljava/lang/String;)L" + MATCHED.replace('.', '/') + ";"));
    refs.add(
        Reference.method(
            Jetty9Instrumentation.SERVLET_HANDLER,
            "getServletMappings",
            "()[Lorg/eclipse/jetty/servlet/ServletMapping;"));
    refs.add(Reference.method(MATCHED, "getPathSpec", "()L" + PATH_SPEC.replace('.', '/') + ";"));
    refs.add(Reference.method(PATH_SPEC, "getDeclaration", "()Ljava/lang/String;"));
    refs.add(
        Reference.method(REQUEST, "getUserIdentityScope", "()L" + SCOPE.replace('.', '/') + ";"));
    refs.add(Reference.method(SCOPE, "getName", "()Ljava/lang/String;"));
    return refs;
  }
}
