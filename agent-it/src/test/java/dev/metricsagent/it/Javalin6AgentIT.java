package dev.metricsagent.it;

/**
 * The Javalin fixture ({@link JavalinAppCases}) on Javalin 6.7.0 (Jetty 11), with its own context
 * path ({@code config.router.contextPath = "/api"}): in the endpoints and the listed routes alike.
 */
class Javalin6AgentIT extends JavalinAppCases {
  Javalin6AgentIT() {
    super(6, "/api");
  }
}
