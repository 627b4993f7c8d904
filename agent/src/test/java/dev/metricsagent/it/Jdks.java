package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDKs the child JVMs run on: the one running the tests (17 here) and Temurin 25. A missing
 * JDK 25 fails the run in CI and is skipped loudly elsewhere.
 */
final class Jdks {
  static final Path JDK_25 =
      Path.of(System.getProperty("it.jdk25Home", "/usr/lib/jvm/temurin-25-jdk-amd64"));

  private Jdks() {}

  static List<Path> all() {
    List<Path> homes = new ArrayList<>();
    homes.add(Artifacts.javaHome());
    if (Files.isExecutable(JDK_25.resolve("bin/java"))) {
      homes.add(JDK_25);
    } else if (System.getenv("CI") != null) {
      fail("JDK 25 not found at " + JDK_25 + ": CI must run the integration tests on it");
    } else {
      System.err.println("SKIPPED: JDK 25 runs, no JDK at " + JDK_25 + " (set -Dit.jdk25Home)");
    }
    return homes;
  }

  /** A short name for test and log names, e.g. {@code jdk17}. */
  static String name(Path home) {
    try {
      String release = Files.readString(home.resolve("release"));
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(release);
      if (m.find()) {
        return "jdk" + m.group(1);
      }
    } catch (java.io.IOException e) {
      // fall through
    }
    return home.getFileName().toString();
  }
}
