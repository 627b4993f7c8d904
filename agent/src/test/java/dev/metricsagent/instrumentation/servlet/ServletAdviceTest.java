package dev.metricsagent.instrumentation.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.metricsagent.bridge.AsyncHandOff;
import dev.metricsagent.bridge.CompletedRequest;
import dev.metricsagent.bridge.HttpRecorder;
import dev.metricsagent.bridge.Recorders;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
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
  /** The web app's context path. */
  private String contextPath = "";
  /** Tomcat's conf/web.xml servlets in the context too: default on /, jsp on *.jsp, *.jspx. */
  private boolean withContainerServlets;
  /** The app's resources, by directory (for the JSP search). */
  private final Map<String, Set<String>> resources = new HashMap<>();

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
    if (method.equals("getContextPath")) {
      return contextPath;
    }
    if (method.equals("getResourcePaths")) {
      return resources.get((String) args[0]);
    }
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
    if (withContainerServlets) {
      r.put("default", registration("default", "org.apache.catalina.servlets.DefaultServlet", "/"));
      r.put(
          "jsp",
          registration("jsp", "org.apache.jasper.servlet.JspServlet", "*.jsp", "*.jspx"));
    }
    return r;
  }

  private static ServletRegistration registration(String name, String className, String... map) {
    return proxy(
        ServletRegistration.class,
        (m, a) ->
            m.equals("getMappings")
                ? List.of(map)
                : m.equals("getClassName") ? className : m.equals("getName") ? name : null);
  }

  @BeforeEach
  void install() {
    listServletMappings(Map.of());
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
  private static void listServletMappings(Map<String, String> frameworkServlets) {
    Settings.install(
        Settings.NONE.withRouteLister(new ServletContextLister(frameworkServlets)));
  }

  private void tomcat(Throwable thrown) {
    RequestState s = TomcatInstrumentation.HostValveAdvice.enter(req);
    TomcatInstrumentation.HostValveAdvice.exit(s, req, resp, thrown);
  }

  @Test
  void aRequestIsNamedByItsServletMappingAndTheMappingsAreListedOnce() {
    tomcat(null);
    tomcat(null);
    assertEquals(
        sorted(
            List.of(
                "+ANY /items/*", "+ANY /things/*", "GET /items/* 201", "GET /items/* 201")),
        sorted(recorded));
  }

  @Test
  void aFrameworksServletIsNoRouteWhenItsModuleListsTheRoutes() {
    withDispatcher = true;
    listServletMappings(
        Map.of(
            "io.javalin.jetty.JavalinJettyServlet", "javalin",
            "org.springframework.web.servlet.DispatcherServlet", "spring"));
    tomcat(null);
    assertEquals(
        sorted(List.of("+ANY /items/*", "+ANY /things/*", "GET /items/* 201")),
        sorted(recorded));
  }

  /** The container's 405 for TRACE: Spring never routed it, its own lookup names it. */
  @Test
  void aRequestAFrameworksServletNeverRoutedIsNamedByTheFrameworkNeverByTheMapping() {
    withDispatcher = true;
    List<String> asked = new ArrayList<>();
    Settings.install(
        Settings.NONE
            .withRouteLister(
                new ServletContextLister(
                    Map.of("org.springframework.web.servlet.DispatcherServlet", "spring")))
            .withRouteFinder(
                (framework, table, request, state) -> {
                  asked.add(framework);
                  Requests.routeFoundLate(state, "GET", request == req ? "/owners" : "wrong");
                }));
    tomcat(null); // the items servlet: its mapping, no lookup
    pattern = "/app/*";
    servletName = "dispatcher";
    status = 405;
    tomcat(null);
    assertEquals(List.of("spring"), asked);
    assertEquals("GET /owners 405", recorded.get(recorded.size() - 1));

    Settings.install(
        Settings.NONE.withRouteLister(
            new ServletContextLister(
                Map.of("org.springframework.web.servlet.DispatcherServlet", "spring"))));
    tomcat(null); // no finder (its module is off): unmatched, never /app/*
    assertEquals("GET null 405", recorded.get(recorded.size() - 1));
  }

  /** Dropwizard's {@code JerseyServletContainer} extends Jersey's: the framework's servlet too. */
  @Test
  void aSubclassOfAFrameworksServletIsThatFrameworksServlet() {
    ServletContextLister lister =
        new ServletContextLister(Map.of(FrameworkServlet.class.getName(), "jersey"));
    Object context = new LoaderOnly();
    assertEquals("jersey", lister.frameworkOf(AppServlet.class.getName(), context));
    assertEquals("jersey", lister.frameworkOf(FrameworkServlet.class.getName(), context));
    assertNull(lister.frameworkOf(Object.class.getName(), context));
    assertNull(lister.frameworkOf("no.such.Servlet", context));
  }

  static class FrameworkServlet {}

  static final class AppServlet extends FrameworkServlet {}

  /** The one member of a servlet context the lookup calls. */
  public static final class LoaderOnly {
    public ClassLoader getClassLoader() {
      return ServletAdviceTest.class.getClassLoader();
    }
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

  @Test
  void aWebAppsTemplatesAndMappingsCarryItsContextPath() {
    contextPath = "/app1";
    tomcat(null);
    contextPath = "/app2";
    tomcat(null); // another context's first request: listed too (the same context object here)
    assertEquals(
        sorted(List.of("+ANY /app1/items/*", "+ANY /app1/things/*", "GET /app1/items/* 201",
            "GET /app2/items/* 201")),
        sorted(recorded));
  }

  @Test
  void theContainersDefaultServletServesStaticFilesAnswersUnmatchedAndIsNoRoute() {
    withContainerServlets = true;
    contextPath = "/app1";
    pattern = "/";
    servletName = "default";
    status = 200;
    tomcat(null);
    status = 304;
    tomcat(null);
    status = 404;
    tomcat(null);
    assertEquals(
        sorted(List.of("+ANY /app1/items/*", "+ANY /app1/things/*", "GET " + Requests.STATIC_RESOURCE
            + " 200", "GET " + Requests.STATIC_RESOURCE + " 304", "GET null 404")),
        sorted(recorded));
  }

  @Test
  void theJspMappingsAreRoutesOnlyInAnAppWithJsps() {
    withContainerServlets = true;
    pattern = "*.jsp";
    servletName = "jsp";
    status = 404;
    tomcat(null); // no JSP in the app: not listed, and a missing JSP is unmatched
    assertEquals(
        sorted(List.of("+ANY /items/*", "+ANY /things/*", "GET null 404")), sorted(recorded));

    ServletAdviceTest withJsps = new ServletAdviceTest();
    withJsps.install();
    try {
      withJsps.withContainerServlets = true;
      withJsps.pattern = "*.jsp";
      withJsps.servletName = "jsp";
      withJsps.status = 200;
      withJsps.resources.put("/", Set.of("/WEB-INF/", "/pages/"));
      withJsps.resources.put("/pages/", Set.of("/pages/hello.jsp"));
      withJsps.tomcat(null);
      assertEquals(
          sorted(List.of("+ANY /items/*", "+ANY /things/*", "+ANY *.jsp", "+ANY *.jspx",
              "GET *.jsp 200")),
          sorted(withJsps.recorded));
    } finally {
      withJsps.uninstall();
    }
  }

  private static List<String> sorted(List<String> l) {
    List<String> out = new ArrayList<>(l);
    out.sort(null);
    return out;
  }
}
