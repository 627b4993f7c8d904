package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A standalone Apache Tomcat (a binary distribution from Maven Central, unpacked by
 * test-apps/tomcat-dists) run as an operator runs it: {@code org.apache.catalina.startup.Bootstrap}
 * in a child JVM, with its own {@code CATALINA_BASE} under target/, the manager app, and the agent
 * in the JVM options ({@code CATALINA_OPTS}) or not. Bound to 127.0.0.1 on a free port, shutdown
 * port off; WARs are deployed and undeployed through the manager's text interface, which answers
 * once the deployment is done (no polling of the webapps directory).
 */
final class StandaloneTomcat implements AutoCloseable {
  private static final String USER = "it";
  private static final String PASSWORD = "it-" + Long.toHexString(System.nanoTime());
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final ChildJvm jvm;
  final int port;
  /** The agent's exporter port; -1 without the agent. */
  final int metricsPort;
  private final Http http;
  private final String auth;

  private StandaloneTomcat(ChildJvm jvm, int port, int metricsPort) {
    this.jvm = jvm;
    this.port = port;
    this.metricsPort = metricsPort;
    this.http = new Http(port);
    this.auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  /** The unpacked distribution of Tomcat {@code major} (9, 10 or 11). */
  static Path home(int major) {
    Path dists = Path.of(System.getProperty("it.testApps", "../test-apps"), "tomcat-dists/target");
    try (Stream<Path> s = Files.list(dists.toAbsolutePath().normalize())) {
      return s.filter(p -> p.getFileName().toString().startsWith("apache-tomcat-" + major + "."))
          .findFirst()
          .orElseThrow(
              () -> new AssertionError("no Tomcat " + major + " in " + dists + "; build it first:"
                  + " mvn -B package -pl test-apps/tomcat-dists"));
    } catch (IOException e) {
      throw new AssertionError(dists + " missing; build it first: mvn -B package -pl"
          + " test-apps/tomcat-dists", e);
    }
  }

  /** Starts Tomcat {@code home} with a fresh base named {@code name}; waits until it answers. */
  static StandaloneTomcat start(String testName, String name, Path home, boolean agent) {
    int[] ports = FreePort.distinct(2);
    Path base = Artifacts.logsDir().resolve(testName).resolve(name + "-base").toAbsolutePath();
    try {
      prepareBase(home, base, ports[0]);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + base, e);
    }
    ChildJvm.Builder b =
        ChildJvm.builder(testName, name)
            // as catalina.sh starts it on JDK 17+
            .jvmArgs(
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED",
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1") // each redeploy runs fresh classes: C2 would not pay
            .systemProperty("catalina.home", home.toAbsolutePath().toString())
            .systemProperty("catalina.base", base.toString())
            .systemProperty("java.io.tmpdir", base.resolve("temp").toString())
            .systemProperty("java.util.logging.manager", "org.apache.juli.ClassLoaderLogManager")
            .systemProperty(
                "java.util.logging.config.file", base.resolve("conf/logging.properties").toString());
    if (agent) {
      b.agent("port=" + ports[1] + ",host=127.0.0.1");
    }
    Path bin = home.toAbsolutePath().resolve("bin");
    ChildJvm jvm =
        b.mainClass(
                bin.resolve("bootstrap.jar") + ":" + bin.resolve("tomcat-juli.jar"),
                "org.apache.catalina.startup.Bootstrap")
            .args("start")
            .start();
    StandaloneTomcat t = new StandaloneTomcat(jvm, ports[0], agent ? ports[1] : -1);
    t.awaitManager();
    return t;
  }

  /** conf/ from the distribution with server.xml and tomcat-users.xml rewritten; the manager. */
  private static void prepareBase(Path home, Path base, int port) throws IOException {
    if (Files.exists(base)) {
      try (Stream<Path> s = Files.walk(base)) {
        s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
      }
    }
    for (String d : List.of("conf", "logs", "temp", "work", "webapps")) {
      Files.createDirectories(base.resolve(d));
    }
    try (Stream<Path> s = Files.list(home.resolve("conf"))) {
      for (Path f : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(f)) {
          Files.copy(f, base.resolve("conf").resolve(f.getFileName()));
        }
      }
    }
    // no jar of WEB-INF/lib is scanned for annotations, fragments or TLDs (SCIs are still found,
    // WEB-INF/classes still scanned): a common production setting, which saves seconds per deploy
    Files.writeString(
        base.resolve("conf/catalina.properties"),
        "\ntomcat.util.scan.StandardJarScanFilter.jarsToSkip=*.jar\n",
        java.nio.file.StandardOpenOption.APPEND);
    String server = Files.readString(home.resolve("conf/server.xml"));
    server =
        server
            .replaceFirst("<Server port=\"8005\"", "<Server port=\"-1\"")
            .replaceFirst(
                "<Connector port=\"8080\"", "<Connector port=\"" + port + "\" address=\"127.0.0.1\"")
            // the test deploys through the manager: no background scan racing it
            .replaceFirst("autoDeploy=\"true\"", "autoDeploy=\"false\"");
    assertTrue(server.contains("port=\"" + port + "\""), "server.xml connector not found");
    Files.writeString(base.resolve("conf/server.xml"), server);
    Files.writeString(
        base.resolve("conf/tomcat-users.xml"),
        "<tomcat-users><user username=\"" + USER + "\" password=\"" + PASSWORD
            + "\" roles=\"manager-script\"/></tomcat-users>\n");
    copyTree(home.resolve("webapps/manager"), base.resolve("webapps/manager"));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private void awaitManager() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!jvm.isAlive()) {
        fail("Tomcat exited while starting:\n" + jvm.describeOutput());
      }
      if (FreePort.isListening(port)) {
        Http.Reply r = http.get("/manager/text/list", "Authorization", auth);
        if (r.status() == 200) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        fail("Tomcat did not answer in " + START_TIMEOUT + ":\n" + jvm.describeOutput());
      }
      sleep(100);
    }
  }

  /** Deploys {@code war} at {@code path}; returns when it serves (the manager says OK). */
  void deploy(String path, Path war) {
    manager("deploy?path=" + path + "&war=file:" + war.toAbsolutePath());
  }

  void undeploy(String path) {
    manager("undeploy?path=" + path);
  }

  private void manager(String command) {
    Http.Reply r = http.get("/manager/text/" + command, "Authorization", auth);
    assertEquals(200, r.status(), command + ": " + r.body());
    assertTrue(r.body().startsWith("OK"), command + ": " + r.body() + "\n" + jvm.describeOutput());
  }

  Http.Reply get(String path) {
    return http.get(path);
  }

  /**
   * Live instances of each class after a full collection ({@code jcmd GC.class_histogram}, which
   * collects first), by class name; absent classes count 0.
   */
  Map<String, Long> liveInstances(String... classNames) {
    Path jcmd = Artifacts.javaHome().resolve("bin/jcmd");
    List<String> out = run(jcmd.toString(), "" + jvm.pid(), "GC.class_histogram");
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String c : classNames) {
      counts.put(c, 0L);
    }
    for (String line : out) {
      String[] f = line.trim().split("\\s+");
      // "  12:   3   456  org.apache.catalina.core.StandardContext (java.base?)"
      if (f.length >= 4 && f[0].endsWith(":") && counts.containsKey(f[3])) {
        counts.put(f[3], Long.parseLong(f[1]));
      }
    }
    return counts;
  }

  private static List<String> run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      List<String> lines = new ArrayList<>();
      try (var r = p.inputReader()) {
        r.lines().forEach(lines::add);
      }
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        fail(String.join(" ", command) + " failed:\n" + String.join("\n", lines));
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  List<String> agentLines() {
    return jvm.agentLines();
  }

  void assertNoWeaveErrors() {
    jvm.assertNoWeaveErrors();
  }

  String describeOutput() {
    return jvm.describeOutput();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    jvm.destroy();
  }
}
