package dev.metricsagent.benchmarks;

import dev.metricsagent.bridge.ContainerServlets;
import dev.metricsagent.bridge.ContextLocals;
import dev.metricsagent.bridge.EndHandlers;
import dev.metricsagent.bridge.ReactiveRequests;
import dev.metricsagent.bridge.Recorders;
import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.bridge.RouteTables;
import dev.metricsagent.bridge.RouterMounts;
import dev.metricsagent.bridge.Settings;
import dev.metricsagent.bridge.TemplateJoins;
import dev.metricsagent.config.AgentConfig;
import dev.metricsagent.core.HttpMetrics;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collections;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The record path of one request to a matched route on each stack: the bridge and core calls
 * that stack's woven advice makes, hook by hook and in nesting order (the outermost hook times
 * and records, the hooks inside name), into {@link HttpMetrics} with the agent's default options
 * and {@code routes} templates already seen, and a route lister installed as the agent installs
 * one (its route tables listed already: each use is the lister's identity scan). What the advice
 * reads from the framework's own objects (method, status, mapping, headers, a reactive request's
 * attributes) is passed as the values those reads return: that cost is the framework's. A
 * reactive stack's request (WebFlux, Micronaut) has its own state, allocated per request. {@code
 * bare} is the same loop with no call at all: the benchmark's own share.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar StackRecordPath -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class StackRecordPathBenchmark {
  /** A Spring Boot app's {@code OncePerRequestFilter}s around the dispatcher (Boot 3.5 web). */
  static final int SPRING_FILTERS = 3;

  static final String CONTEXT = ""; // an embedded server's root context
  static final Object TABLE = new Object(); // the framework's route table or servlet context
  static final Object SERVLET_CONTEXT = new Object();
  static final Object EXCHANGE = new Object(); // a reactive request's exchange or request object

  @Param({"bare", "spark", "servlet-tomcat", "servlet-jetty", "javalin", "spring-mvc", "jersey",
      "jdkhttp", "webflux", "micronaut", "vertx", "vertx-http2", "quarkus"})
  public String stack;

  @Param({"100"})
  public int routes;

  /** The {@code traceparent} header of a request that sent none (not a constant the JIT folds). */
  static String absentHeader;

  /** What the Micronaut write advice's sizes check read. */
  static boolean sizesRead;

  /** Per template: its first part (a resource path) and its rest (a method's path). */
  String[] templates;
  String[] firstParts;
  String[] restParts;
  int[] order;
  int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    AgentConfig defaults =
        AgentConfig.parse("", new java.util.Properties(), Collections.<String, String>emptyMap());
    HttpMetrics metrics =
        new HttpMetrics(
            PrometheusProperties.builder().build(), new PrometheusRegistry(),
            defaults.httpMetrics());
    Recorders.set(metrics);
    Settings.install(
        Settings.NONE.withTraceparent(defaults.exemplars()).withRouteLister(table -> {}));
    RouteTables.inUse(TABLE); // listed at start-up (or by the first request): later uses scan
    RouteTables.inUse(SERVLET_CONTEXT);
    // the framework servlets of the root context, as the servlet module lists them
    ContainerServlets.frameworkServlets(
        CONTEXT, Collections.singletonMap("javalin-servlet", "javalin"));
    templates = new String[routes];
    firstParts = new String[routes];
    restParts = new String[routes];
    for (int i = 0; i < routes; i++) {
      firstParts[i] = "/api/resource" + i;
      restParts[i] = "/{id}";
      templates[i] = firstParts[i] + restParts[i];
    }
    SplittableRandom random = new SplittableRandom(42);
    order = new int[4096];
    for (int i = 0; i < order.length; i++) {
      order[i] = random.nextInt(routes);
    }
    for (int i = 0; i < routes * 4; i++) {
      request(); // every series exists before the measurement: steady state
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Recorders.set(null);
    Settings.install(Settings.NONE);
  }

  @Benchmark
  public int request() {
    int i = order[next++ & (order.length - 1)];
    switch (stack) {
      case "spark":
        spark(templates[i]);
        break;
      case "servlet-tomcat":
        servletTomcat(templates[i]);
        break;
      case "servlet-jetty":
        servletJetty(templates[i]);
        break;
      case "javalin":
        javalin(templates[i]);
        break;
      case "spring-mvc":
        springMvc(templates[i]);
        break;
      case "jersey":
        jersey(firstParts[i], restParts[i]);
        break;
      case "jdkhttp":
        jdkHttp(templates[i]);
        break;
      case "webflux":
        webFlux(templates[i]);
        break;
      case "micronaut":
        micronaut(templates[i]);
        break;
      case "vertx":
        vertx(templates[i]);
        break;
      case "vertx-http2":
        vertxHttp2(templates[i]);
        break;
      case "quarkus":
        quarkus(firstParts[i], restParts[i]);
        break;
      default:
        break;
    }
    return i;
  }

  /** Spark on its embedded Jetty: MatcherFilter.doFilter around Routes.find. */
  static void spark(String template) {
    RequestState s = Requests.start();
    Requests.routeFound("get", template);
    RouteTables.inUse(TABLE);
    s.answered("GET", 200, true, null);
    s.traceparent(s.traceparentWanted() ? absentHeader : null);
    Requests.findLate("spark", TABLE, null, s);
    Requests.end(s, null, null);
  }

  /** A servlet on Tomcat: CoyoteAdapter.service around the host valve (mapping read at exit). */
  static void servletTomcat(String pattern) {
    RequestState server = Requests.serverStart();
    RequestState s = Requests.start(CONTEXT);
    RouteTables.inUse(SERVLET_CONTEXT);
    s.answered("GET", 200, true, null);
    s.traceparent(s.traceparentWanted() ? absentHeader : null);
    s.asyncStarted(false);
    if (s.containerRouteWanted()) {
      Requests.containerRouteFound(s, pattern, "items");
    }
    Requests.end(s, null, null, Object.class);
    if (server != null && server.serverPending()) {
      Requests.serverEnd(server, "GET", 200);
    }
  }

  /** A servlet on Jetty: ServletHandler.doHandle (mapping read at exit). */
  static void servletJetty(String pattern) {
    RequestState s = Requests.start(CONTEXT);
    RouteTables.inUse(SERVLET_CONTEXT);
    s.answered("GET", 200, true, null);
    s.traceparent(s.traceparentWanted() ? absentHeader : null);
    s.asyncStarted(false);
    if (s.containerRouteWanted()) {
      Requests.containerRouteFound(s, pattern, "items");
    }
    Requests.end(s, null, null, Object.class);
  }

  /** Javalin on Jetty: ServletHandler.doHandle around JavalinServlet.handle and its router. */
  static void javalin(String template) {
    RequestState outer = Requests.start(CONTEXT);
    RouteTables.inUse(SERVLET_CONTEXT);
    RequestState s = Requests.start();
    Requests.routeFound("GET", template);
    RouteTables.inUse(TABLE);
    s.answered("GET", 200, true, null);
    s.traceparent(s.traceparentWanted() ? absentHeader : null);
    s.asyncStarted(false);
    Requests.findLate("javalin", TABLE, null, s);
    Requests.end(s, null, null, Object.class);
    outer.answered("GET", 200, true, null);
    outer.traceparent(outer.traceparentWanted() ? absentHeader : null);
    outer.asyncStarted(false);
    if (outer.containerRouteWanted()) {
      Requests.containerRouteFound(outer, "/*", "javalin-servlet");
    }
    Requests.end(outer, null, null, Object.class);
  }

  /**
   * Spring MVC on Tomcat: CoyoteAdapter.service, the host valve, {@link #SPRING_FILTERS}
   * filters and FrameworkServlet.service (each a Spring entry hook), the dispatcher's getHandler.
   */
  static void springMvc(String template) {
    RequestState server = Requests.serverStart();
    RequestState outer = Requests.start(CONTEXT);
    RouteTables.inUse(SERVLET_CONTEXT);
    for (int f = 0; f <= SPRING_FILTERS; f++) {
      Requests.start();
    }
    RouteTables.inUse(TABLE);
    Requests.routeFound("GET", template);
    for (int f = 0; f <= SPRING_FILTERS; f++) {
      outer.answered("GET", 200, true, null);
      outer.traceparent(outer.traceparentWanted() ? absentHeader : null);
      Requests.findLate("spring", null, null, outer);
      Requests.end(outer, null, null);
    }
    outer.answered("GET", 200, true, null);
    outer.traceparent(outer.traceparentWanted() ? absentHeader : null);
    outer.asyncStarted(false);
    if (outer.containerRouteWanted()) {
      Requests.containerRouteFound(outer, "/", "dispatcherServlet");
    }
    Requests.end(outer, null, null, Object.class);
    if (server != null && server.serverPending()) {
      Requests.serverEnd(server, "GET", 200);
    }
  }

  /**
   * Jersey on Grizzly: GrizzlyHttpContainer.service around ApplicationHandler.handle around the
   * responder (templates joined).
   */
  static void jersey(String resource, String method) {
    RequestState server = Requests.serverStart();
    RouteTables.inUse(TABLE);
    RequestState s = Requests.start();
    String template = TemplateJoins.joinPath(TemplateJoins.joinPath(null, resource), method);
    RequestState responder = Requests.current();
    Requests.routeFound(responder, "GET", template);
    Requests.responseStatus(responder, 200);
    Requests.findLate("jaxrs", TABLE, null, s);
    s.answered("GET", null);
    s.traceparent(s.traceparentWanted() ? absentHeader : null);
    Requests.end(s, null, null);
    Requests.serverLeave(server);
  }

  /** The JDK's HttpServer: the outermost Filter.Chain.doFilter, named by its context's path. */
  static void jdkHttp(String contextPath) {
    RequestState s = Requests.start();
    s.answered("GET", 200, true, null);
    if (s.traceparentWanted()) {
      s.traceparent(absentHeader);
    }
    Requests.containerRouteFound(s, contextPath, null);
    Requests.end(s, null, null);
  }

  /**
   * WebFlux on Reactor Netty: HttpWebHandlerAdapter.createExchange starts the request (its own
   * state, an exchange attribute), ServerRequestObservationContext.setPathPattern names it, the
   * signal listener's doOnComplete records it.
   */
  static void webFlux(String pattern) {
    RouteTables.inUse(TABLE);
    RequestState s =
        ReactiveRequests.start(
            EXCHANGE, "GET", "", Settings.traceparentWanted() ? absentHeader : null);
    ReactiveRequests.routeFound(ReactiveRequests.of(s), "GET", pattern, "");
    ReactiveRequests.end(ReactiveRequests.of(s), "webflux", 200, null);
  }

  /**
   * Micronaut on Netty: NettyRequestLifecycle.handleNormal starts the request (its own state, a
   * request attribute), RouteExecutor.setRouteAttributes names it, the outbound access's write
   * keeps its status, RoutingInBoundHandler.responseWritten records it.
   */
  static void micronaut(String template) {
    RequestState s =
        ReactiveRequests.start(
            EXCHANGE, "GET", "", Settings.traceparentWanted() ? absentHeader : null);
    ReactiveRequests.routeFound(ReactiveRequests.of(s), "GET", template, "");
    ReactiveRequests.responseStatus(ReactiveRequests.of(s), 200);
    sizesRead = Settings.sizesWanted(); // off by default: no body length kept
    RouteTables.inUse(TABLE);
    ReactiveRequests.endWritten(ReactiveRequests.of(s), "micronaut", TABLE);
  }

  /** A Vert.x request's duplicated context: its local data, as {@code ContextInternal} has it. */
  public static final class VertxContext {
    private final ConcurrentMap<Object, Object> data = new ConcurrentHashMap<Object, Object>();

    public ConcurrentMap<Object, Object> localContextData() {
      return data;
    }
  }

  /** Vert.x's HTTP/1 server request: its context. */
  public static final class VertxRequest {
    private final VertxContext context = new VertxContext();

    public VertxContext context() {
      return context;
    }
  }

  /** The response's status getter and the routing context's end handler, as the advice sees them. */
  public interface VertxResponse {
    int getStatusCode();
  }

  public interface VertxEndHandler {
    void handle(Object result);
  }

  static final VertxRequest VERTX_REQUEST = new VertxRequest();
  static final Object ROUTING_CONTEXT = new Object();
  static final VertxResponse VERTX_RESPONSE =
      new VertxResponse() {
        @Override
        public int getStatusCode() {
          return 200;
        }
      };

  /** Vert.x Web's routing context created: the request starts, kept in its Vert.x context. */
  static RequestState vertxStart() {
    RouteTables.inUse(TABLE);
    String traceparent = Settings.traceparentWanted() ? absentHeader : null;
    RequestState s = ReactiveRequests.start(ROUTING_CONTEXT, "GET", null, traceparent);
    // ctx.put(ATTRIBUTE, s): the framework's
    ContextLocals.putOfRequest(VERTX_REQUEST, null, s);
    RouterMounts.routeEntered(s, null, null, null, false, false); // BodyHandler on route()
    return s;
  }

  /**
   * Vert.x Web on its HTTP/1 server: the routing context's creation, a {@code BodyHandler} on
   * {@code route()} and the endpoint route (RouteState.handleContext each), the connection's
   * responseComplete.
   */
  static void vertx(String template) {
    RequestState s = vertxStart();
    RouterMounts.routeEntered(s, null, template, null, true, false);
    ReactiveRequests.end(
        ContextLocals.ofRequest(VERTX_REQUEST), "vertx", VERTX_RESPONSE.getStatusCode(), null);
  }

  /** Vert.x Web on HTTP/2: ended by a routing-context end handler (a JDK proxy), called once. */
  static void vertxHttp2(String template) {
    RouteTables.inUse(TABLE);
    String traceparent = Settings.traceparentWanted() ? absentHeader : null;
    RequestState s = ReactiveRequests.start(ROUTING_CONTEXT, "GET", null, traceparent);
    VertxEndHandler end =
        (VertxEndHandler)
            EndHandlers.of(VertxEndHandler.class, VertxResponse.class, VERTX_RESPONSE, s, "vertx");
    RouterMounts.routeEntered(s, null, null, null, false, false);
    RouterMounts.routeEntered(s, null, template, null, true, false);
    end.handle(null);
  }

  /**
   * Quarkus REST: timed as Vert.x Web (its {@code /*} route), named by the resource method
   * RESTEasy chose (class path and method path joined).
   */
  static void quarkus(String classPath, String methodPath) {
    RequestState s = vertxStart();
    RouterMounts.routeEntered(s, null, "/", null, false, false); // Quarkus REST's /* route
    RouterMounts.resourceEntered(s, "", classPath, methodPath, false, "GET");
    ReactiveRequests.end(
        ContextLocals.ofRequest(VERTX_REQUEST), "vertx", VERTX_RESPONSE.getStatusCode(), null);
  }
}
