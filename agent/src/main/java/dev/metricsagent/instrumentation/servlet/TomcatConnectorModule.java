package dev.metricsagent.instrumentation.servlet;

import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Tomcat 10.1 and 11's connector ({@link CoyoteAdapterInstrumentation}): the requests Tomcat
 * answers before any web app (the context root's redirect {@code /app} to {@code /app/}, a URI
 * it cannot normalise) are counted, {@code unmatched}. A module of its own: it uses no servlet
 * type, so it fits the javax and jakarta lines alike where their connector's members match.
 */
public final class TomcatConnectorModule implements InstrumentationModule {
  static final String COYOTE_REQUEST = "org.apache.coyote.Request";
  static final String COYOTE_RESPONSE = "org.apache.coyote.Response";

  @Override
  public String name() {
    return "tomcat-connector";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Collections.<TypeInstrumentation>singletonList(new CoyoteAdapterInstrumentation());
  }

  @Override
  public String requiredType() {
    return CoyoteAdapterInstrumentation.COYOTE_ADAPTER;
  }

  @Override
  public List<Reference> references() {
    return Arrays.asList(
        Reference.method(COYOTE_REQUEST, "method", "()Lorg/apache/tomcat/util/buf/MessageBytes;"),
        Reference.method("org.apache.tomcat.util.buf.MessageBytes", "toString", "()Ljava/lang/String;"),
        Reference.method(COYOTE_RESPONSE, "getStatus", "()I"));
  }
}
