package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Paths, tools and small helpers shared by the stack tests. */
final class Stack {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  /** The job name of scripts/prometheus/prometheus.yml that the dashboard and alerts select. */
  static final String JOB = "metrics-agent";

  static final String INSTALL_PROMETHEUS =
      "apt-get update && apt-get install -y --no-install-recommends prometheus";

  private Stack() {}

  /** The repository's root: system property {@code repo.root} (set by the pom), else {@code ..}. */
  static Path repoRoot() {
    String p = System.getProperty("repo.root");
    Path root = p != null ? Paths.get(p) : Paths.get(System.getProperty("user.dir")).resolve("..");
    root = root.toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("scripts"))) {
      fail("not the repository root (no pom.xml and scripts/): " + root);
    }
    return root;
  }

  static Path repo(String relative) {
    return repoRoot().resolve(relative).normalize();
  }

  static JsonNode readYaml(Path p) {
    try {
      return YAML.readTree(p.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + p, e);
    }
  }

  static JsonNode readJson(Path p) {
    try {
      return JSON.readTree(p.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + p, e);
    }
  }

  /** A built jar named by a failsafe system property; fails with what to run when it is missing. */
  static Path requireJar(String property, String relativeDefault) {
    String p = System.getProperty(property);
    Path jar = p != null ? Paths.get(p).toAbsolutePath().normalize() : repo(relativeDefault);
    if (!Files.isRegularFile(jar)) {
      fail(jar + " does not exist: build it first with `mvn -B -q install -DskipTests` at the repo root"
          + " (or run the whole reactor: mvn -B verify)");
    }
    return jar;
  }

  /**
   * prometheus or promtool from Debian's prometheus package, or null when it is missing and the
   * tests that need it are to be skipped: under CI (env CI set) a missing tool fails instead.
   * Elsewhere the skip is announced loudly on stderr; callers then skip each test with {@link
   * #assumeTool} so the reports count them as skipped.
   */
  static Path findTool(String name, String property, String defaultPath) {
    Path tool = Paths.get(System.getProperty(property, defaultPath));
    if (Files.isExecutable(tool)) {
      return tool;
    }
    String msg = missing(name, property, defaultPath);
    String ci = System.getenv("CI");
    if (ci != null && !ci.isEmpty()) {
      fail(msg + ". CI must have it: scripts/install-test-deps installs it (scripts/test runs it).");
    }
    System.err.println();
    System.err.println("************************************************************************");
    System.err.println("* SKIPPING: " + msg);
    System.err.println("* The monitoring stack tests need it; under CI (env CI set) this fails.");
    System.err.println("************************************************************************");
    System.err.println();
    return null;
  }

  /** Skips the current test when {@link #findTool} found nothing. */
  static void assumeTool(Path tool, String name, String property, String defaultPath) {
    Assumptions.assumeTrue(tool != null, () -> missing(name, property, defaultPath));
  }

  private static String missing(String name, String property, String defaultPath) {
    return name + " not found at " + System.getProperty(property, defaultPath)
        + " (Debian package 'prometheus'; install with: " + INSTALL_PROMETHEUS + ")";
  }

  /** A port free on 127.0.0.1 right now (the usual small race until someone binds it). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A base for a script that takes the ports from there on ({@code scripts/fleet}): below the
   * kernel's ephemeral range (32768 and up), which the client connections of tests running
   * alongside draw their local ports from, so none of them takes a port between the script's
   * check and its bind. The base and the 19 ports after it are free now.
   */
  static int freeBasePort() {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = 20_000 + random.nextInt(12_000);
      boolean free = true;
      for (int p = base; p < base + 20 && free; p++) {
        try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
          s.setReuseAddress(true);
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no 20 free ports in a row between 20000 and 32019");
  }

  /** An empty directory under target/stack-tests for one test's files and logs. */
  static Path workDir(String name) {
    String base = System.getProperty("stackTests.workDir");
    Path root =
        base != null ? Paths.get(base) : Paths.get(System.getProperty("user.dir"), "target", "stack-tests");
    Path dir = root.resolve(name).toAbsolutePath().normalize();
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> s = Files.walk(dir)) {
          s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }
}
