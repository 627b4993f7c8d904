package dev.metricsagent.it;

/** The Javalin fixture ({@link JavalinAppCases}) on Javalin 7.2.3 (Jetty 12). */
class Javalin7AgentIT extends JavalinAppCases {
  Javalin7AgentIT() {
    super(7);
  }
}
