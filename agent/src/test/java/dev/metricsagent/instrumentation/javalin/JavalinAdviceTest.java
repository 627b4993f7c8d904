package dev.metricsagent.instrumentation.javalin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.metricsagent.bridge.AsyncHandOff;
import dev.metricsagent.bridge.RecordedEvents;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.instrumentation.javalin.JavalinServletInstrumentation.HandleAdvice;
import dev.metricsagent.instrumentation.javalin.StaticHandlerInstrumentation.StaticFileAdvice;
import io.javalin.config.RouterConfig;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Javalin advice called as the plain static methods it is: Javalin 7's on real {@code
 * Endpoint}s (the agent compiles against Javalin 7; Javalin 6's advice is checked against Javalin
 * 6 in {@code JavalinModulesTest}), the servlet entry on servlet API stand-ins. Javalin's own
 * lookup for requests no handler named needs a running Javalin: {@code Javalin6AgentIT}, {@code
 * Javalin7AgentIT}.
 */
class JavalinAdviceTest {
  private final RecordedEvents recorder = RecordedEvents.install();

  private final Map<String, Object> attributes = new HashMap<>();
  private final List<AsyncListener> listeners = new ArrayList<>();
  private boolean asyncStarted;
  private int status = 200;
  private final Object servlet = new Object(); // stands for the JavalinServlet

  private final HttpServletRequest request = proxy(HttpServletRequest.class, this::request);
  private final HttpServletResponse response =
      proxy(HttpServletResponse.class, (m, a) -> m.equals("getStatus") ? status : false);

  @AfterEach
  void close() {
    recorder.close();
  }

  @FunctionalInterface
  interface Answer {
    Object answer(String method, Object[] args);
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, Answer answer) {
    return (T)
        Proxy.newProxyInstance(
            JavalinAdviceTest.class.getClassLoader(),
            new Class<?>[] {type},
            (p, m, a) -> answer.answer(m.getName(), a));
  }

  private Object request(String method, Object[] args) {
    switch (method) {
      case "getMethod":
        return "GET";
      case "isAsyncStarted":
        return asyncStarted;
      case "setAttribute":
        attributes.put((String) args[0], args[1]);
        return null;
      case "getAsyncContext":
        return proxy(
            AsyncContext.class,
            (m, a) -> {
              listeners.add((AsyncListener) a[0]);
              return null;
            });
      default:
        return null;
    }
  }

  private static Endpoint endpoint(HandlerType type, String path) {
    return new Endpoint(type, path, ctx -> {});
  }

  /** The HTTP handler about to run names the request; before-handlers do not. */
  @Test
  void theHttpHandlerAboutToRunNamesTheRequest() {
    RequestState s = HandleAdvice.enter();
    Javalin7UpdateAdvice.enter(endpoint(HandlerType.BEFORE, "/*"));
    Javalin7UpdateAdvice.enter(endpoint(HandlerType.GET, "/users/{id}"));
    HandleAdvice.exit(s, servlet, request, response, null, null);
    assertEquals(List.of("GET /users/{id} 200"), recorder.events());
  }

  @Test
  void anExceptionOutOfJavalinIsA500() {
    RequestState s = HandleAdvice.enter();
    Javalin7UpdateAdvice.enter(endpoint(HandlerType.GET, "/users/{id}"));
    HandleAdvice.exit(s, servlet, request, response, null, new IllegalStateException("boom"));
    assertEquals(List.of("GET /users/{id} 500"), recorder.events());
  }

  /** {@code ctx.future}: recorded when the async context completes, with the status then. */
  @Test
  void aFutureEndsWhenItsAsyncContextCompletes() throws Exception {
    asyncStarted = true;
    RequestState s = HandleAdvice.enter();
    Javalin7UpdateAdvice.enter(endpoint(HandlerType.GET, "/slow"));
    HandleAdvice.exit(s, servlet, request, response, null, null);
    assertEquals(List.of(), recorder.events());
    assertNotNull(attributes.get(AsyncHandOff.ATTRIBUTE));
    status = 202;
    listeners.get(0).onComplete(null);
    assertEquals(List.of("GET /slow 202"), recorder.events());
  }

  /** Inside a servlet container's hook the container records; Javalin's entry only nests. */
  @Test
  void nestedInAContainersHookItHandsNothingOff() {
    asyncStarted = true;
    RequestState container = HandleAdvice.enter();
    RequestState javalin = HandleAdvice.enter();
    HandleAdvice.exit(javalin, servlet, request, response, null, null);
    assertEquals(List.of(), listeners);
    asyncStarted = false;
    HandleAdvice.exit(container, servlet, request, response, null, null);
    assertEquals(List.of("GET null 200"), recorder.events());
  }

  @Test
  void httpRoutesFeedTheInventory() {
    RouterConfig root = new RouterConfig(); // contextPath "/"
    Javalin7AddEndpointAdvice.exit(endpoint(HandlerType.GET, "/users/{id}"), root);
    Javalin7AddEndpointAdvice.exit(endpoint(HandlerType.AFTER, "/*"), root);
    assertEquals(List.of("+GET /users/{id}"), recorder.events());
  }

  /** Under the app's own context path, as Jetty gives it to its requests. */
  @Test
  void routesAreListedUnderTheAppsContextPath() {
    RouterConfig config = new RouterConfig();
    config.contextPath = "/api";
    Javalin7AddEndpointAdvice.exit(endpoint(HandlerType.GET, "/users/{id}"), config);
    config.contextPath = "v2/"; // Javalin normalises it for Jetty: /v2
    Javalin7AddEndpointAdvice.exit(endpoint(HandlerType.POST, "/users"), config);
    assertEquals(List.of("+GET /api/users/{id}", "+POST /v2/users"), recorder.events());
  }

  @Test
  void staticFilesAnswerAsStatic() {
    RequestState s = HandleAdvice.enter();
    StaticFileAdvice.exit(false);
    StaticFileAdvice.exit(true);
    HandleAdvice.exit(s, servlet, request, response, null, null);
    assertEquals(List.of("GET \u0000static 200"), recorder.events());
  }
}
