package dev.metricsagent.it;

/** {@link JavalinFixtureChecks} on Javalin 7.2.3 (Jetty 12). */
class Javalin7AgentIT extends JavalinFixtureChecks {
  Javalin7AgentIT() {
    super(7);
  }
}
