package dev.metricsagent.instrumentation.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.metricsagent.bridge.AsyncHandOff;
import dev.metricsagent.bridge.CompletedRequest;
import dev.metricsagent.bridge.HttpRecorder;
import dev.metricsagent.bridge.Recorders;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Settings;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The jakarta servlet advice called directly, on servlet API stand-ins. */
class ServletAdviceTest {
  private final List<String> recorded = new ArrayList<>();

  /** The stand-in request's state. */
  private DispatcherType dispatcherType = DispatcherType.REQUEST;
  private final Map<String, Object> attributes = new HashMap<>();
  private String pattern = "/items/*";
  private String servletName = "items";
  private boolean asyncStarted;
  private final List<AsyncListener> listeners = new ArrayList<>();
  private int status = 201;
  /** A Spring DispatcherServlet on /app/* in the context too. */
  private boolean withDispatcher;

  private final ServletContext context = proxy(ServletContext.class, this::context);
  private final HttpServletRequest req = proxy(HttpServletRequest.class, this::request);
  private final HttpServletResponse resp =
      proxy(HttpServletResponse.class, (m, a) -> m.equals("getStatus") ? status : false);

  @FunctionalInterface
  interface Answer {
    Object answer(String method, Object[] args);
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, Answer answer) {
    return (T)
        Proxy.newProxyInstance(
            ServletAdviceTest.class.getClassLoader(),
            new Class<?>[] {type},
            (p, m, a) -> answer.answer(m.getName(), a));
  }

  private Object request(String method, Object[] args) {
    switch (method) {
      case "getDispatcherType":
        return dispatcherType;
      case "getAttribute":
        return attributes.get((String) args[0]);
      case "setAttribute":
        attributes.put((String) args[0], args[1]);
        return null;
      case "getServletContext":
        return context;
      case "getHttpServletMapping":
        return proxy(
            HttpServletMapping.class,
            (m, a) ->
                m.equals("getPattern") ? pattern : m.equals("getServletName") ? servletName : null);
      case "getMethod":
        return "GET";
      case "isAsyncStarted":
        return asyncStarted;
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

  private Object context(String method, Object[] args) {
    if (!method.equals("getServletRegistrations")) {
      return null;
    }
    Map<String, ServletRegistration> r = new HashMap<>();
    r.put(
        "items",
        proxy(
            ServletRegistration.class,
            (m, a) -> m.equals("getMappings") ? List.of("/items/*", "/things/*") : "items"));
    r.put(
        "404",
        proxy(
            ServletRegistration.class,
            (m, a) ->
                m.equals("getMappings")
                    ? List.of("/")
                    : "org.eclipse.jetty.servlet.ServletHandler$Default404Servlet-1a2b3c"));
    if (withDispatcher) {
      r.put(
          "dispatcher",
          proxy(
              ServletRegistration.class,
              (m, a) ->
                  m.equals("getMappings")
                      ? List.of("/app/*")
                      : m.equals("getClassName")
                          ? "org.springframework.web.servlet.DispatcherServlet"
                          : "dispatcher"));
    }
    return r;
  }

  @BeforeEach
  void install() {
    listServletMappings(Set.of());
    Recorders.set(
        new HttpRecorder() {
          @Override
          public Object routeStarted(String method, String template) {
            return null;
          }

          @Override
          public void record(CompletedRequest r) {
            recorded.add(r.method() + " " + r.template() + " " + r.status());
          }

          @Override
          public void routeAdded(String method, String template) {
            recorded.add("+" + method + " " + template);
          }

          @Override
          public void routeRemoved(String method, String template) {}

          @Override
          public void routesCleared() {}
        });
  }

  @AfterEach
  void uninstall() {
    Recorders.set(null);
    Settings.install(Settings.NONE);
  }

  /** As the agent installs it: servlet contexts are listed when first met. */
  private static void listServletMappings(Set<String> frameworkServlets) {
    Settings.install(
        Settings.NONE.withRouteLister(new ServletMappingLister(frameworkServlets)));
  }

  private void tomcat(Throwable thrown) {
    RequestState s = TomcatInstrumentation.HostValveAdvice.enter(req);
    TomcatInstrumentation.HostValveAdvice.exit(s, req, resp, thrown);
  }

  @Test
  void aRequestIsNamedByItsServletMappingAndTheMappingsAreListedOnce() {
    tomcat(null);
    tomcat(null);
    // the stand-in context's Jetty Default404Servlet is no route, in any container
    assertEquals(
        sorted(
            List.of("+ANY /items/*", "+ANY /things/*", "GET /items/* 201", "GET /items/* 201")),
        sorted(recorded));
  }

  @Test
  void aFrameworksServletIsNoRouteWhenItsModuleListsTheRoutes() {
    withDispatcher = true;
    listServletMappings(
        Set.of(
            "io.javalin.jetty.JavalinJettyServlet",
            "org.springframework.web.servlet.DispatcherServlet"));
    tomcat(null);
    assertEquals(
        sorted(List.of("+ANY /items/*", "+ANY /things/*", "GET /items/* 201")),
        sorted(recorded));
  }

  @Test
  void withoutItsModuleAFrameworksServletIsListedAsAnyOtherMapping() {
    withDispatcher = true;
    tomcat(null);
    assertEquals(
        sorted(
            List.of("+ANY /items/*", "+ANY /things/*", "+ANY /app/*", "GET /items/* 201")),
        sorted(recorded));
  }

  @Test
  void anExceptionEscapingTheContainerIsA500() {
    tomcat(new IllegalStateException("boom"));
    assertEquals("GET /items/* 500", recorded.get(recorded.size() - 1));
  }

  @Test
  void noServletMappedIsUnmatched() {
    pattern = "";
    tomcat(null);
    assertEquals("GET null 201", recorded.get(recorded.size() - 1));
  }

  @Test
  void laterDispatchesAreNotNewRequests() {
    dispatcherType = DispatcherType.ERROR;
    assertNull(TomcatInstrumentation.HostValveAdvice.enter(req));
    dispatcherType = DispatcherType.ASYNC;
    assertNull(Jetty11Instrumentation.DoHandleAdvice.enter(req));
  }

  @Test
  void anAsyncRequestEndsWhenItsContextCompletes() throws Exception {
    asyncStarted = true;
    tomcat(null);
    assertEquals(1, listeners.size());
    assertNotNull(attributes.get(AsyncHandOff.ATTRIBUTE));
    // the async dispatch comes back through the valve: not a new request
    assertNull(TomcatInstrumentation.HostValveAdvice.enter(req));
    status = 202;
    listeners.get(0).onComplete(null);
    assertEquals("GET /items/* 202", recorded.get(recorded.size() - 1));
    assertEquals(1, recorded.stream().filter(r -> r.startsWith("GET")).count());
  }

  @Test
  void jettysDefault404ServletIsUnmatchedAndNotARoute() {
    pattern = "/";
    servletName = "org.eclipse.jetty.servlet.ServletHandler$Default404Servlet-1a2b3c";
    status = 404;
    RequestState s = Jetty11Instrumentation.DoHandleAdvice.enter(req);
    Jetty11Instrumentation.DoHandleAdvice.exit(s, req, resp, null);
    assertEquals(List.of("+ANY /items/*", "+ANY /things/*", "GET null 404"), sorted(recorded));
  }

  private static List<String> sorted(List<String> l) {
    List<String> out = new ArrayList<>(l);
    out.sort(null);
    return out;
  }
}
