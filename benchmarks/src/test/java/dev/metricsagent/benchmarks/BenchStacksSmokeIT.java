package dev.metricsagent.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/bench --smoke} and {@code --startup 1}, as CI runs them, so that no stack's
 * side-by-side bench rots: every stack the script knows (its {@code stack_app} list) starts bare
 * and with the agent, answers its bench route under 1 s of load, and the agent counts that route
 * under its template. The script fails on those, never on a figure; its lines (one per stack)
 * are in {@code target/bench-smoke.log}, which {@code .ci/run} prints after Maven.
 *
 * <p>It runs here, inside Maven, because this module finishes long before {@code agent-it}: the
 * smoke overlaps with the integration tests instead of adding its minute or two after them. The
 * apps' jars come from this reactor (the test-app dependencies in this module's pom order it);
 * {@code --no-build} makes a missing one a failure rather than Maven run inside Maven.
 */
class BenchStacksSmokeIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path LOG = Path.of("target", "bench-smoke.log").toAbsolutePath();

  @Test
  void everyStackStartsAnswersAndIsCounted() throws Exception {
    Files.deleteIfExists(LOG);
    // children on C1 and the serial collector, as the integration tests' children: less CPU per
    // launch, and a smoke's figures judge nothing either way
    String out =
        run(List.of("scripts/bench", "--smoke", "--no-build",
            "--java-opts", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"));
    assertTrue(out.contains("\nsmoke: all "), out);
    out = run(List.of("scripts/bench", "--startup", "1", "--no-build"));
    assertTrue(out.contains("launch -> first 200"), out);
  }

  /** Runs a command from the repository root, appending its output to the log; exit 0 or fail. */
  private static String run(List<String> command) throws Exception {
    Path part = Files.createTempFile(LOG.getParent(), "bench-smoke", ".part");
    Process p =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(part.toFile())
            .start();
    boolean done = p.waitFor(10, TimeUnit.MINUTES);
    if (!done) {
      p.destroy(); // scripts/bench stops the JVMs it started on SIGTERM
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
    String out = Files.readString(part);
    Files.writeString(LOG, "$ " + String.join(" ", command) + "\n" + out,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Files.delete(part);
    assertTrue(done, String.join(" ", command) + " did not end within 10 minutes:\n" + out);
    assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
    return out;
  }
}
