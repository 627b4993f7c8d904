package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code java [jvmArgs] -jar metrics-agent.jar <args>} to completion. */
final class AgentCli {
  private AgentCli() {}

  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
    }
  }

  static Result run(Path javaHome, List<String> jvmArgs, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaHome.resolve("bin/java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-jar");
    cmd.add(Artifacts.agentJar().toString());
    cmd.addAll(Arrays.asList(args));
    try {
      Process p = new ProcessBuilder(cmd).start();
      p.getOutputStream().close();
      // outputs are small: read them after exit
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("timed out: " + cmd);
      }
      return new Result(
          p.exitValue(),
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim(),
          new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw new AssertionError("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  static Result run(String... args) {
    return run(Artifacts.javaHome(), List.of(), args);
  }
}
