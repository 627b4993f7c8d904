package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the jars the ITs run live. Failsafe passes the paths as system properties (see
 * agent/pom.xml); the defaults let an IDE run the tests from the agent module's directory.
 */
final class Artifacts {
  private Artifacts() {}

  static Path agentJar() {
    return existing("it.agentJar", "target/metrics-agent.jar", "mvn -B package -pl agent");
  }

  static Path demoAppJar() {
    return existing(
        "it.demoAppJar",
        "../demo-app/target/demo-app.jar",
        "mvn -B install -DskipTests -pl demo-app");
  }

  static Path sparkFixtureJar() {
    return existing(
        "it.sparkFixtureJar",
        "../test-apps/target/spark-fixture.jar",
        "mvn -B install -DskipTests -pl test-apps");
  }

  /** {@code PlainMain} alone: no Spark, no Jetty on the class path. */
  static Path plainAppJar() {
    return existing(
        "it.plainAppJar",
        "../test-apps/target/spark-fixture-plain.jar",
        "mvn -B install -DskipTests -pl test-apps");
  }

  static Path logsDir() {
    return Path.of(System.getProperty("it.logsDir", "target/it-logs"));
  }

  /** The JDK the children run on: {@code -Dit.javaHome=...}, else the one running the tests. */
  static Path javaHome() {
    return Path.of(System.getProperty("it.javaHome", System.getProperty("java.home")));
  }

  private static Path existing(String property, String fallback, String howToBuild) {
    Path p = Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(p), p + " does not exist; build it first: " + howToBuild);
    return p;
  }
}
