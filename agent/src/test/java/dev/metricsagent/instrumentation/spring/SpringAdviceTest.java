package dev.metricsagent.instrumentation.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metricsagent.bridge.RecordedEvents;
import dev.metricsagent.bridge.RequestState;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.MappingMatch;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletMapping;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The Spring advice called as the plain static methods it is, against a real Spring MVC context
 * ({@code @EnableWebMvc}, one controller) and Spring's mock servlet objects: the lookup for a
 * request a filter answered, nesting, error dispatches. The weaving and Spring Boot itself are
 * covered by {@code SpringBoot35IT} and {@code SpringBoot40IT}.
 */
class SpringAdviceTest {
  private final RecordedEvents recorder = RecordedEvents.install();

  /** Servlet "dispatcherServlet" is Spring's; any other name is a plain servlet. */
  private final MockServletContext servletContext =
      new MockServletContext() {
        @Override
        public ServletRegistration getServletRegistration(String name) {
          String type =
              "dispatcherServlet".equals(name)
                  ? "org.springframework.web.servlet.DispatcherServlet"
                  : "com.example.PlainServlet";
          return (ServletRegistration)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {ServletRegistration.class},
                  (proxy, method, args) -> "getClassName".equals(method.getName()) ? type : null);
        }
      };

  private final AnnotationConfigWebApplicationContext context =
      new AnnotationConfigWebApplicationContext();

  SpringAdviceTest() {
    context.setServletContext(servletContext);
    context.register(Mvc.class);
    context.refresh();
    servletContext.setAttribute(
        WebApplicationContext.ROOT_WEB_APPLICATION_CONTEXT_ATTRIBUTE, context);
  }

  @AfterEach
  void close() {
    recorder.close();
    context.close();
  }

  @Configuration
  @EnableWebMvc
  static class Mvc {
    @Bean
    OwnerController owners() {
      return new OwnerController();
    }
  }

  @RestController
  static class OwnerController {
    @GetMapping("/owners/{ownerId}")
    String owner(@PathVariable("ownerId") String id) {
      return id;
    }

    @PostMapping("/owners/new")
    String create() {
      return "new";
    }

    @RequestMapping("/error") // no method: any, as Boot's BasicErrorController
    String error() {
      return "error";
    }
  }

  /**
   * A 405 (the path matched, the method did not): Spring's lookup throws, the route whose path
   * matched names it, with the request's method; the container's 405 for TRACE alike.
   */
  @Test
  void a405IsCountedUnderTheRouteWhosePathMatchedWithTheRequestsMethod() {
    for (String method : List.of("DELETE", "TRACE")) {
      MockHttpServletRequest req = request(method, "/owners/7", "dispatcherServlet");
      RequestState s = SpringEntryAdvice.enter(req);
      DispatcherGetHandlerAdvice.exit(
          null, req, null, new HttpRequestMethodNotSupportedException(method, List.of("GET")));
      SpringEntryAdvice.exit(s, req, response(405), null);
    }
    MockHttpServletRequest literal = request("PUT", "/owners/new", "dispatcherServlet");
    RequestState s = SpringEntryAdvice.enter(literal);
    SpringEntryAdvice.exit(s, literal, response(405), null); // a filter answered: looked up late
    assertEquals(
        List.of(
            "DELETE /owners/{ownerId} 405", "TRACE /owners/{ownerId} 405", "PUT /owners/new 405"),
        recorder.events());
  }

  /** A mapping with no method condition (Boot's /error) is listed as ANY. */
  @Test
  void aMethodLessMappingIsListedAsAny() {
    new SpringRouteLister()
        .listRoutes(context.getBean(RequestMappingHandlerMapping.class));
    assertEquals(
        new TreeSet<>(List.of("+GET /owners/{ownerId}", "+POST /owners/new", "+ANY /error")),
        new TreeSet<>(recorder.events()));
  }

  /**
   * Boot's {@code server.servlet.context-path=/api}: its mappings are registered after its
   * embedded container started the web app, outside any request; the lister takes the context
   * path from the mapping's own web application context.
   */
  @Test
  void routesAreListedUnderTheWebAppsContextPath() {
    servletContext.setContextPath("/api");
    new SpringRouteLister().listRoutes(context.getBean(RequestMappingHandlerMapping.class));
    assertEquals(
        new TreeSet<>(List.of("+GET /api/owners/{ownerId}", "+POST /api/owners/new", "+ANY /api/error")),
        new TreeSet<>(recorder.events()));
    servletContext.setContextPath("");
    new SpringRouteLister().listRoutes(context.getBean(RequestMappingHandlerMapping.class));
    assertEquals(
        new TreeSet<>(List.of("+GET /owners/{ownerId}", "+POST /owners/new", "+ANY /error")),
        new TreeSet<>(recorder.events().subList(3, 6)),
        "the root adds nothing");
  }

  /** A filter answered 401 before dispatch: the route the handler mappings would have matched. */
  @Test
  void aRequestAFilterAnsweredGetsTheRouteItWouldHaveMatched() {
    MockHttpServletRequest req = request("GET", "/owners/7", "dispatcherServlet");
    req.setAttribute("app.attribute", "kept");
    Set<String> before = new TreeSet<>(Collections.list(req.getAttributeNames()));
    RequestState s = SpringEntryAdvice.enter(req);
    SpringEntryAdvice.exit(s, req, response(401), null);
    assertEquals(List.of("GET /owners/{ownerId} 401"), recorder.events());
    // the lookup leaves no trace on the request
    assertEquals(before, new TreeSet<>(Collections.list(req.getAttributeNames())));
    assertEquals("kept", req.getAttribute("app.attribute"));
  }

  @Test
  void aRejectedPathNoHandlerMatchesIsUnmatched() {
    MockHttpServletRequest req = request("GET", "/nothing/here", "dispatcherServlet");
    RequestState s = SpringEntryAdvice.enter(req);
    SpringEntryAdvice.exit(s, req, response(401), null);
    assertEquals(List.of("GET null 401"), recorder.events());
  }

  /** Another servlet's request (an H2 console, say) is not Spring MVC's to name. */
  @Test
  void aRequestForAnotherServletIsNotLookedUp() {
    MockHttpServletRequest req = request("GET", "/owners/7", "plain");
    RequestState s = SpringEntryAdvice.enter(req);
    SpringEntryAdvice.exit(s, req, response(401), null);
    assertEquals(List.of("GET null 401"), recorder.events());
  }

  /** Nested entries (filters, the servlet) record once, at the outermost exit. */
  @Test
  void nestedEntriesRecordOnceAndAnExceptionIsA500() {
    MockHttpServletRequest req = request("GET", "/owners/7", "dispatcherServlet");
    RequestState outer = SpringEntryAdvice.enter(req);
    RequestState inner = SpringEntryAdvice.enter(req);
    DispatcherGetHandlerAdvice.exit(null, withPattern(req, "/owners/{ownerId}"), chain(), null);
    SpringEntryAdvice.exit(inner, req, response(200), new IllegalStateException("boom"));
    SpringEntryAdvice.exit(outer, req, response(200), new IllegalStateException("boom"));
    assertEquals(List.of("GET /owners/{ownerId} 500"), recorder.events());
  }

  /** Boot's error dispatch to /error neither starts a request nor renames one. */
  @Test
  void anErrorDispatchIsPartOfTheRequestThatCausedIt() {
    MockHttpServletRequest req = request("GET", "/owners/0", "dispatcherServlet");
    RequestState s = SpringEntryAdvice.enter(req);
    DispatcherGetHandlerAdvice.exit(null, withPattern(req, "/owners/{ownerId}"), chain(), null);
    MockHttpServletRequest error = request("GET", "/error", "dispatcherServlet");
    error.setDispatcherType(DispatcherType.ERROR);
    RequestState nested = SpringEntryAdvice.enter(error);
    DispatcherGetHandlerAdvice.exit(null, withPattern(error, "/error"), chain(), null);
    SpringEntryAdvice.exit(nested, error, response(404), null);
    SpringEntryAdvice.exit(s, req, response(404), null);
    assertEquals(List.of("GET /owners/{ownerId} 404"), recorder.events());
  }

  /** An async re-dispatch (DeferredResult, Callable) is no new request. */
  @Test
  void anAsyncDispatchIsNoNewRequest() {
    MockHttpServletRequest async = request("GET", "/owners/7", "dispatcherServlet");
    async.setDispatcherType(DispatcherType.ASYNC);
    RequestState s = SpringEntryAdvice.enter(async);
    SpringEntryAdvice.exit(s, async, response(200), null);
    assertEquals(List.of(), recorder.events());
  }

  @Test
  void noHandlerIsUnmatchedAndNoLateLookupFollows() {
    MockHttpServletRequest req = request("GET", "/owners/7", "dispatcherServlet");
    RequestState s = SpringEntryAdvice.enter(req);
    DispatcherGetHandlerAdvice.exit(null, req, null, null); // the dispatcher found no handler
    SpringEntryAdvice.exit(s, req, response(404), null);
    assertEquals(List.of("GET null 404"), recorder.events());
  }

  private MockHttpServletRequest request(String method, String path, String servlet) {
    MockHttpServletRequest r = new MockHttpServletRequest(servletContext, method, path);
    r.setHttpServletMapping(new MockHttpServletMapping("", "/", servlet, MappingMatch.DEFAULT));
    return r;
  }

  private static MockHttpServletResponse response(int status) {
    MockHttpServletResponse r = new MockHttpServletResponse();
    r.setStatus(status);
    return r;
  }

  private static MockHttpServletRequest withPattern(MockHttpServletRequest r, String pattern) {
    r.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
    return r;
  }

  private static HandlerExecutionChain chain() {
    return new HandlerExecutionChain(new Object());
  }
}
