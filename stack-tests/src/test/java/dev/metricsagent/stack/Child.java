package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process a test started, with stdout and stderr in one log file. {@link #close} stops it
 * (TERM, then KILL after 10 s) and is safe to call twice.
 */
final class Child implements AutoCloseable {
  final String name;
  final Process process;
  final Path log;

  private Child(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static Child start(String name, List<String> command, Path dir, Path log, Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      System.out.println("[stack-tests] started " + name + " (pid " + p.pid() + "): "
          + String.join(" ", command) + "\n[stack-tests]   log: " + log);
      return new Child(name, p, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  String output() {
    try {
      return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String tail() {
    String[] lines = output().split("\n");
    StringBuilder b = new StringBuilder();
    for (int i = Math.max(0, lines.length - 30); i < lines.length; i++) {
      b.append("\n    ").append(lines[i]);
    }
    return b.toString();
  }

  /** Waits for a line matching {@code p} in the log; fails if the process exits or time runs out. */
  Matcher awaitLine(Pattern p, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Matcher m = p.matcher(output());
      if (m.find()) {
        return m;
      }
      if (!process.isAlive()) {
        fail(name + " exited with code " + process.exitValue() + " before printing /" + p + "/; log " + log + ":" + tail());
      }
      if (System.nanoTime() > deadline) {
        fail(name + " did not print /" + p + "/ within " + timeout.getSeconds() + " s; log " + log + ":" + tail());
      }
      Thread.sleep(100);
    }
  }

  /** Waits for the process to exit by itself; fails (and stops it) after {@code timeout}. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      fail(name + " did not exit within " + timeout.getSeconds() + " s; log " + log + ":" + tail());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    System.out.println("[stack-tests] stopped " + name + " (pid " + process.pid() + ")");
  }
}
