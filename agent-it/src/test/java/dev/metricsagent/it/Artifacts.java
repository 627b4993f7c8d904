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
    return existing("it.agentJar", "../agent/target/metrics-agent.jar", "mvn -B package -pl agent");
  }

  static Path demoAppJar() {
    return existing(
        "it.demoAppJar",
        "../demo-app/target/demo-app.jar",
        "mvn -B install -DskipTests -pl demo-app");
  }

  static Path sparkFixtureJar() {
    return testApp("spark-fixture/target/spark-fixture.jar");
  }

  /** The fixture's classes alone, to run on another Spark release's class path. */
  static Path sparkFixtureClasses() {
    Path p = testApps().resolve("spark-fixture/target/classes");
    assertTrue(Files.isDirectory(p), p + " does not exist; build it first: " + BUILD_TEST_APPS);
    return p;
  }

  /** {@code PlainMain}, {@code IsolatedLauncher}, {@code JdkHttpServerApp}: no Spark inside. */
  static Path plainAppJar() {
    return testApp("spark-fixture/target/spark-fixture-plain.jar");
  }

  static Path ownClientJar() {
    return testApp("own-client/target/own-client.jar");
  }

  static Path missingHooksJar() {
    return testApp("missing-hooks/target/missing-hooks.jar");
  }

  /** A second agent whose premain makes the bridge's recorder always throw. */
  static Path saboteurAgentJar() {
    return testApp("saboteur-agent/target/saboteur-agent.jar");
  }

  /** The Javalin fixture built on Javalin {@code major} (6 or 7): a runnable fat jar. */
  static Path javalinAppJar(int major) {
    return testApp("javalin-" + major + "/target/javalin-" + major + "-app.jar");
  }

  /** The directory holding SparkJava {@code version} and its dependencies. */
  static Path sparkLibs(String version) {
    Path p = testApps().resolve("spark-" + version + "/target/lib");
    assertTrue(Files.isDirectory(p), p + " does not exist; build it first: " + BUILD_TEST_APPS);
    return p;
  }

  /** {@code test-apps/<name>/target/<name>.jar} (servlet-tomcat, jdk-http, ...). */
  static Path testAppJar(String name) {
    return testApp(name + "/target/" + name + ".jar");
  }

  /** The jars of a container version, {@code test-apps/<name>/target/lib}. */
  static Path testAppLibs(String name) {
    Path p = testApps().resolve(name + "/target/lib");
    assertTrue(Files.isDirectory(p), p + " does not exist; build it first: " + BUILD_TEST_APPS);
    return p;
  }

  /** A test app's own classes, without its container (the thin jar shade kept). */
  static Path testAppThinJar(String name) {
    return testApp(name + "/target/original-" + name + ".jar");
  }


  /** The Spring Boot test app as a Boot fat jar; {@code boot}: 3.5 or 4.0. */
  static Path springBootAppJar(String boot) {
    return testApp("spring-boot-" + boot + "/target/spring-boot-app-" + boot + ".jar");
  }

  /** The Jersey test app on Grizzly (its libraries in lib/ beside it); {@code jersey}: 3.1 or 4.0. */
  static Path jerseyAppJar(String jersey) {
    return testApp("jersey-" + jersey + "/target/jersey-app-" + jersey + ".jar");
  }

  /** The Jersey web app (test-apps/jersey-web-app) on embedded Tomcat, for Jersey {@code jersey}. */
  static Path jerseyWebAppJar(String jersey) {
    return testApp("jersey-web-" + jersey + "/target/jersey-web-" + jersey + ".jar");
  }

  /** A file a test app builds, {@code test-apps/<relative>} (a WAR). */
  static Path testAppFile(String relative) {
    return testApp(relative);
  }

  private static final String BUILD_TEST_APPS = "mvn -B install -DskipTests (from the top)";

  private static Path testApps() {
    return Path.of(System.getProperty("it.testApps", "../test-apps")).toAbsolutePath().normalize();
  }

  private static Path testApp(String relative) {
    Path p = testApps().resolve(relative);
    assertTrue(Files.isRegularFile(p), p + " does not exist; build it first: " + BUILD_TEST_APPS);
    return p;
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
