package dev.metricsagent.instrumentation.jaxrs;

import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Jersey on Grizzly ({@link GrizzlyContainerInstrumentation}): a request Grizzly answers with its
 * 500 page because Jersey's Grizzly container threw before Jersey's entry (an empty {@code Host}
 * header) is counted, {@code unmatched}. A module of its own: a Jersey app in a servlet container
 * has no Grizzly, and these references must not turn {@link JaxrsModule} off there. Off,
 * silently, without Jersey's Grizzly container.
 */
public final class JerseyGrizzlyModule implements InstrumentationModule {
  static final String CONTAINER = "org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer";
  static final String REQUEST = "org.glassfish.grizzly.http.server.Request";
  static final String RESPONSE = "org.glassfish.grizzly.http.server.Response";
  private static final String METHOD = "org.glassfish.grizzly.http.Method";

  @Override
  public String name() {
    return "jaxrs-grizzly";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Collections.<TypeInstrumentation>singletonList(new GrizzlyContainerInstrumentation());
  }

  @Override
  public String requiredType() {
    return CONTAINER;
  }

  @Override
  public List<Reference> references() {
    return Arrays.asList(
        Reference.method(REQUEST, "getMethod", "()L" + METHOD.replace('.', '/') + ";"),
        Reference.method(METHOD, "getMethodString", "()Ljava/lang/String;"),
        Reference.method(RESPONSE, "isCommitted", "()Z"),
        Reference.method(RESPONSE, "getStatus", "()I"));
  }
}
