package dev.metricsagent.instrumentation.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpServer;
import dev.metricsagent.bridge.RecordedEvents;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Settings;
import dev.metricsagent.instrumentation.jdkhttp.ChainInstrumentation.DoFilterAdvice;
import dev.metricsagent.instrumentation.jdkhttp.ExchangeInstrumentation.RejectAdvice;
import dev.metricsagent.instrumentation.jdkhttp.ServerInstrumentation.CreateAdvice;
import dev.metricsagent.instrumentation.jdkhttp.ServerInstrumentation.CreateWithHandlerAdvice;
import dev.metricsagent.instrumentation.jdkhttp.ServerInstrumentation.RemoveAdvice;
import dev.metricsagent.instrumentation.jdkhttp.ServerInstrumentation.RemoveByPathAdvice;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The JDK HttpServer advice called as the plain static methods it is, on stand-ins for the
 * server's exchange and context; the weaving into {@code jdk.httpserver} and a real server are
 * covered by {@code JdkHttpServerIT}.
 */
class JdkHttpAdviceTest {
  private final RecordedEvents recorder = RecordedEvents.install();

  @AfterEach
  void close() {
    recorder.close();
  }

  /** The app's handler: a class of the test's loader, like the agent's own in some tests. */
  private final HttpHandler appHandler = exchange -> {};

  @Test
  void aRequestIsNamedByItsContextPathWithTheStatusSent() {
    Exchange e = new Exchange("GET", new Context("/api", appHandler));
    RequestState s = DoFilterAdvice.enter(e);
    e.code = 201;
    DoFilterAdvice.exit(s, e);
    assertEquals(List.of("GET /api 201"), recorder.events());
  }

  /**
   * The JDK's exchange reads its context through its connection, which the server already sets
   * for the next request of a kept-alive connection while this one's exit may still run.
   */
  @Test
  void theContextIsReadWhenTheRequestStartsNotWhenItEnds() {
    Exchange e = new Exchange("GET", new Context("/items", appHandler));
    RequestState s = DoFilterAdvice.enter(e);
    e.code = 200;
    e.context = new Context("/secure", appHandler); // the connection's next request
    DoFilterAdvice.exit(s, e);
    assertEquals(List.of("GET /items 200"), recorder.events());
  }

  @Test
  void aHandlerThatNeverAnsweredIsA500() {
    Exchange e = new Exchange("POST", new Context("/", appHandler));
    DoFilterAdvice.exit(DoFilterAdvice.enter(e), e); // it threw before sendResponseHeaders
    assertEquals(List.of("POST / 500"), recorder.events());
  }

  /** Each filter's chain.doFilter nests inside the server's: one record, at the outermost. */
  @Test
  void filtersNestAndTheRequestIsRecordedOnce() {
    Exchange e = new Exchange("GET", new Context("/api", appHandler));
    RequestState outer = DoFilterAdvice.enter(e);
    RequestState inner = DoFilterAdvice.enter(e);
    e.code = 200;
    DoFilterAdvice.exit(inner, e);
    assertEquals(List.of(), recorder.events());
    DoFilterAdvice.exit(outer, e);
    assertEquals(List.of("GET /api 200"), recorder.events());
  }

  @Test
  void theTraceparentIsReadOnlyWhenWanted() {
    Exchange e = new Exchange("GET", new Context("/api", appHandler));
    e.requestHeaders.add("traceparent", "00-abc-def-01");
    e.code = 200;
    DoFilterAdvice.exit(DoFilterAdvice.enter(e), e);
    recorder.wantTraceparent();
    DoFilterAdvice.exit(DoFilterAdvice.enter(e), e);
    assertEquals(List.of("GET /api 200", "GET /api 200 tp=00-abc-def-01"), recorder.events());
  }

  @Test
  void theAgentsOwnExporterIsNotTheApps() {
    Settings.install(Settings.NONE.withAgentLoader(getClass().getClassLoader()));
    assertNull(DoFilterAdvice.enter(new Exchange("GET", new Context("/metrics", appHandler))));
    CreateWithHandlerAdvice.exit("/metrics", appHandler);
    assertEquals(List.of(), recorder.events());
  }

  /** 404 (no context) and 500 (no handler) could have been the app's; a 400 never was. */
  @Test
  void requestsTheServerAnswersItselfAreUnmatched() {
    RejectAdvice.exit(RejectAdvice.enter(404), 404, "GET /nothing HTTP/1.1");
    RejectAdvice.exit(RejectAdvice.enter(500), 500, "PUT /bare HTTP/1.1");
    assertNull(RejectAdvice.enter(400));
    RejectAdvice.exit(null, 400, "garbage");
    assertEquals(List.of("GET null 404", "PUT null 500"), recorder.events());
  }

  @Test
  void contextsFeedTheInventory() {
    CreateWithHandlerAdvice.exit("/api", appHandler);
    CreateAdvice.exit("/later");
    RemoveByPathAdvice.exit("/api");
    RemoveAdvice.exit(new Context("/later", null));
    assertEquals(List.of("+ANY /api", "+ANY /later", "-ANY /api", "-ANY /later"), recorder.events());
  }

  /** An {@code HttpContext} with a path and a handler. */
  private static final class Context extends HttpContext {
    private final String path;
    private final HttpHandler handler;

    Context(String path, HttpHandler handler) {
      this.path = path;
      this.handler = handler;
    }

    @Override
    public HttpHandler getHandler() {
      return handler;
    }

    @Override
    public void setHandler(HttpHandler h) {}

    @Override
    public String getPath() {
      return path;
    }

    @Override
    public HttpServer getServer() {
      return null;
    }

    @Override
    public Map<String, Object> getAttributes() {
      return new HashMap<>();
    }

    @Override
    public List<Filter> getFilters() {
      return List.of();
    }

    @Override
    public Authenticator setAuthenticator(Authenticator auth) {
      return null;
    }

    @Override
    public Authenticator getAuthenticator() {
      return null;
    }
  }

  /** An {@code HttpExchange} with a method, a context, request headers and the code sent. */
  private static final class Exchange extends HttpExchange {
    private final String method;
    HttpContext context; // the JDK's exchange reads it through its connection: it can change
    final Headers requestHeaders = new Headers();
    int code = -1;

    Exchange(String method, HttpContext context) {
      this.method = method;
      this.context = context;
    }

    @Override
    public Headers getRequestHeaders() {
      return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
      return new Headers();
    }

    @Override
    public URI getRequestURI() {
      return URI.create(context.getPath());
    }

    @Override
    public String getRequestMethod() {
      return method;
    }

    @Override
    public HttpContext getHttpContext() {
      return context;
    }

    @Override
    public void close() {}

    @Override
    public InputStream getRequestBody() {
      return InputStream.nullInputStream();
    }

    @Override
    public OutputStream getResponseBody() {
      return OutputStream.nullOutputStream();
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) {
      code = rCode;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
      return null;
    }

    @Override
    public int getResponseCode() {
      return code;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
      return null;
    }

    @Override
    public String getProtocol() {
      return "HTTP/1.1";
    }

    @Override
    public Object getAttribute(String name) {
      return null;
    }

    @Override
    public void setAttribute(String name, Object value) {}

    @Override
    public void setStreams(InputStream i, OutputStream o) {}

    @Override
    public HttpPrincipal getPrincipal() {
      return null;
    }
  }
}
