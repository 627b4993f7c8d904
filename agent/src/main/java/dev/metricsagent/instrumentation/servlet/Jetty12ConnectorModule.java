package dev.metricsagent.instrumentation.servlet;

import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Jetty 12's core connector ({@link HandlerInvokerInstrumentation}, {@link
 * ChannelStateInstrumentation}, {@link HttpConnectionInstrumentation}): the requests Jetty answers
 * before any servlet or handler of the app (an ambiguous or bad URI's 400, a request line it
 * cannot parse, headers too large) are counted, {@code unmatched}, as on Tomcat ({@link
 * TomcatConnectorModule}) and Jetty 9.4 to 11 ({@link JettyConnectorModule}), with the method the
 * client sent where Jetty read one. Its advice compiles for Java 17 against Jetty 12's core.
 */
public final class Jetty12ConnectorModule implements InstrumentationModule {
  static final String CHANNEL_STATE = "org.eclipse.jetty.server.internal.HttpChannelState";
  private static final String REQUEST = "org.eclipse.jetty.server.Request";
  private static final String RESPONSE = "org.eclipse.jetty.server.Response";
  private static final String PARSER = "org.eclipse.jetty.http.HttpParser";

  @Override
  public String name() {
    return "jetty12-connector";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Arrays.<TypeInstrumentation>asList(
        new HandlerInvokerInstrumentation(),
        new ChannelStateInstrumentation(),
        new HttpConnectionInstrumentation());
  }

  @Override
  public String requiredType() {
    return CHANNEL_STATE;
  }

  @Override
  public List<Reference> references() {
    return Arrays.asList(
        Reference.field(CHANNEL_STATE, "_handled", "Z"),
        Reference.field(CHANNEL_STATE, "_request", "L" + slashed(CHANNEL_STATE) + "$ChannelRequest;"),
        Reference.field(
            CHANNEL_STATE, "_response", "L" + slashed(CHANNEL_STATE) + "$ChannelResponse;"),
        Reference.field(
            CHANNEL_STATE + "$HandlerInvoker", "this$0", "L" + slashed(CHANNEL_STATE) + ";"),
        Reference.method(CHANNEL_STATE, "getResponse", "()L" + slashed(RESPONSE) + ";"),
        Reference.method(REQUEST, "getMethod", "()Ljava/lang/String;"),
        Reference.method(REQUEST, "getBeginNanoTime", "()J"),
        Reference.method(RESPONSE, "getRequest", "()L" + slashed(REQUEST) + ";"),
        Reference.method(RESPONSE, "getStatus", "()I"),
        Reference.field(
            HttpConnectionInstrumentation.HTTP_CONNECTION, "_parser", "L" + slashed(PARSER) + ";"),
        Reference.method(PARSER, "getBeginNanoTime", "()J"));
  }

  private static String slashed(String type) {
    return type.replace('.', '/');
  }
}
