package dev.metricsagent.instrumentation.servlet;

import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Jetty 9.4 to 11's connector ({@link JettyChannelInstrumentation}): the requests Jetty answers
 * before any servlet (a request line or URI it cannot parse, headers too large, no context for
 * the path) are counted, {@code unmatched}. A module of its own: it uses no servlet type, so it
 * fits the javax and jakarta lines alike. Off, silently, on Jetty 12, whose connector is {@link
 * Jetty12ConnectorModule}'s.
 */
public final class JettyConnectorModule implements InstrumentationModule {
  static final String CHANNEL = "org.eclipse.jetty.server.HttpChannel";
  private static final String CHANNEL_STATE = "org.eclipse.jetty.server.HttpChannelState";
  private static final String REQUEST = "org.eclipse.jetty.server.Request";
  private static final String RESPONSE = "org.eclipse.jetty.server.Response";
  private static final String META_RESPONSE = "org.eclipse.jetty.http.MetaData$Response";

  @Override
  public String name() {
    return "jetty-connector";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Collections.<TypeInstrumentation>singletonList(new JettyChannelInstrumentation());
  }

  @Override
  public String requiredType() {
    return CHANNEL_STATE;
  }

  @Override
  public List<Reference> references() {
    return Arrays.asList(
        Reference.method(CHANNEL, "getState", "()L" + slashed(CHANNEL_STATE) + ";"),
        Reference.method(CHANNEL_STATE, "isIdle", "()Z"),
        Reference.method(CHANNEL, "getRequest", "()L" + slashed(REQUEST) + ";"),
        Reference.method(CHANNEL, "getResponse", "()L" + slashed(RESPONSE) + ";"),
        Reference.method(CHANNEL, "getCommittedMetaData", "()L" + slashed(META_RESPONSE) + ";"),
        Reference.method(REQUEST, "getMethod", "()Ljava/lang/String;"),
        Reference.method(RESPONSE, "getStatus", "()I"),
        Reference.method(META_RESPONSE, "getStatus", "()I"));
  }

  private static String slashed(String type) {
    return type.replace('.', '/');
  }
}
