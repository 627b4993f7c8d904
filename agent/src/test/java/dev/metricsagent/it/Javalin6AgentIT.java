package dev.metricsagent.it;

/** {@link JavalinFixtureChecks} on Javalin 6.7.0 (Jetty 11). */
class Javalin6AgentIT extends JavalinFixtureChecks {
  Javalin6AgentIT() {
    super(6);
  }
}
