package dev.metricsagent.it;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The integration tests run twice, with the child JVMs on JDK 17 and on Temurin 25 (the {@code
 * jdk25} profile of agent/pom.xml, active where that JDK exists). CI must not lose the second
 * run silently.
 */
class JdkMatrixIT {
  static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

  @Test
  void jdk25RunIsPresentInCi() {
    if (Files.isExecutable(JDK_25)) {
      return;
    }
    if (System.getenv("CI") != null) {
      throw new AssertionError("CI must run the integration tests on JDK 25 too; missing " + JDK_25);
    }
    System.err.println("SKIPPED: no " + JDK_25 + ": the integration tests ran on one JDK only");
  }
}
