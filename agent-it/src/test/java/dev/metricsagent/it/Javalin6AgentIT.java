package dev.metricsagent.it;

/** The Javalin fixture ({@link JavalinAppCases}) on Javalin 6.7.0 (Jetty 11). */
class Javalin6AgentIT extends JavalinAppCases {
  Javalin6AgentIT() {
    super(6);
  }
}
