package dev.metricsagent.instrumentation.jaxrs;

import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Jersey on Grizzly: what Grizzly answers before Jersey's entry is counted, {@code unmatched}: its
 * 500 page when Jersey's Grizzly container threw first (an empty {@code Host} header: {@link
 * GrizzlyContainerInstrumentation}), and its codec's answer to a request head it refused (no
 * {@code Host}, a malformed request line: {@link GrizzlyServerFilterInstrumentation}). A module
 * of its own: a Jersey app in a servlet container has no Grizzly, and these references must not
 * turn {@link JaxrsModule} off there. Off, silently, without Jersey's Grizzly container.
 */
public final class JerseyGrizzlyModule implements InstrumentationModule {
  static final String CONTAINER = "org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer";
  static final String REQUEST = "org.glassfish.grizzly.http.server.Request";
  static final String RESPONSE = "org.glassfish.grizzly.http.server.Response";
  private static final String METHOD = "org.glassfish.grizzly.http.Method";
  private static final String REQUEST_PACKET = "org.glassfish.grizzly.http.HttpRequestPacket";
  private static final String RESPONSE_PACKET = "org.glassfish.grizzly.http.HttpResponsePacket";
  private static final String DATA_CHUNK = "org.glassfish.grizzly.http.util.DataChunk";

  @Override
  public String name() {
    return "jaxrs-grizzly";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Arrays.<TypeInstrumentation>asList(
        new GrizzlyContainerInstrumentation(), new GrizzlyServerFilterInstrumentation());
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
        Reference.method(RESPONSE, "getStatus", "()I"),
        Reference.type(REQUEST_PACKET),
        Reference.method(REQUEST_PACKET, "getMethodDC", "()L" + slashed(DATA_CHUNK) + ";"),
        Reference.method(DATA_CHUNK, "toString", "()Ljava/lang/String;"),
        Reference.method(REQUEST_PACKET, "getResponse", "()L" + slashed(RESPONSE_PACKET) + ";"),
        Reference.method(RESPONSE_PACKET, "getStatus", "()I"));
  }

  private static String slashed(String type) {
    return type.replace('.', '/');
  }
}
