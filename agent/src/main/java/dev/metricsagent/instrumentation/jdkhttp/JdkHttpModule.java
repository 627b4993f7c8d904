package dev.metricsagent.instrumentation.jdkhttp;

import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * The JDK's {@code com.sun.net.httpserver.HttpServer} (module {@code jdk.httpserver}). A request
 * is timed from its outermost {@code Filter.Chain.doFilter} (the app's filters, then its handler)
 * and named by the path of the {@code HttpContext} it was dispatched to ({@code /}, {@code
 * /api}); its status is the one given to {@code sendResponseHeaders}. A handler that throws
 * before answering makes the server close the connection without a response: counted as 500. A
 * request no context serves is answered by the server itself (404, or 500 for a context without
 * handler): {@code unmatched}. Contexts created and removed feed the route inventory (method
 * {@code ANY}). The agent's own exporter runs on the same server classes and is left out: its
 * handlers are classes of the agent's class loader ({@code Settings.ownHandler}).
 */
public final class JdkHttpModule implements InstrumentationModule {
  static final String API = "com.sun.net.httpserver.";

  @Override
  public String name() {
    return "jdkhttp";
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Arrays.<TypeInstrumentation>asList(
        new ChainInstrumentation(), new ExchangeInstrumentation(), new ServerInstrumentation());
  }

  @Override
  public String jdkModule() {
    return "jdk.httpserver";
  }

  @Override
  public List<Reference> references() {
    String exchange = API + "HttpExchange";
    String context = API + "HttpContext";
    String string = "Ljava/lang/String;";
    return Arrays.asList(
        Reference.method(exchange, "getHttpContext", "()Lcom/sun/net/httpserver/HttpContext;"),
        Reference.method(exchange, "getResponseCode", "()I"),
        Reference.method(exchange, "getRequestMethod", "()" + string),
        Reference.method(exchange, "getRequestHeaders", "()Lcom/sun/net/httpserver/Headers;"),
        Reference.method(API + "Headers", "getFirst", "(" + string + ")" + string),
        Reference.method(context, "getPath", "()" + string),
        Reference.method(context, "getHandler", "()Lcom/sun/net/httpserver/HttpHandler;"));
  }
}
