package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * A {@code java} child process with its stdout and stderr in files under {@code
 * target/it-logs/<test>/}, so a failed test leaves the app's and the agent's output to read.
 *
 * <pre>{@code
 * ChildJvm app = ChildJvm.builder("MyIT", "demo")
 *     .agent("port=" + metricsPort + ",host=127.0.0.1")
 *     .jar(Artifacts.demoAppJar())
 *     .args("--port", "0", "--host", "127.0.0.1")
 *     .start();
 * try {
 *   int port = Integer.parseInt(app.awaitStdout("listening on http://localhost:(\\d+)").group(1));
 * } finally {
 *   app.destroy();
 * }
 * }</pre>
 */
final class ChildJvm {
  /**
   * Generous: the machine is shared, and a JVM with the agent may start slowly (a Spring Boot app
   * took over 2 minutes to its ready line at load average 29 on 2 vCPUs). A hung child costs this
   * long only when a test fails anyway.
   */
  static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  /**
   * Inherited variables that would change what the child does; each test sets what it needs.
   * Prefixes end with '_'; the rest are exact names.
   */
  private static final List<String> SCRUBBED_ENV =
      List.of(
          "METRICS_AGENT_",
          "IO_PROMETHEUS_",
          "PROMETHEUS_CONFIG",
          "PORT",
          "HOST",
          "JAVA_TOOL_OPTIONS",
          "JDK_JAVA_OPTIONS",
          "_JAVA_OPTIONS");

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private ChildJvm(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * @param testName the log folder under {@code target/it-logs}, usually the test class
   * @param name the child's name in log file names and messages, unique within the test
   */
  static Builder builder(String testName, String name) {
    return new Builder(testName, name);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the first stdout line matching {@code regex} (find, not full match). */
  MatchResult awaitStdout(String regex) {
    return await(stdout, "stdout", regex, READY_TIMEOUT);
  }

  /** Waits for the first stderr line matching {@code regex} (find, not full match). */
  MatchResult awaitStderr(String regex) {
    return await(stderr, "stderr", regex, READY_TIMEOUT);
  }

  /** Waits for the first line of stdout or stderr matching {@code regex}. */
  MatchResult awaitLine(String regex, Duration timeout) {
    Pattern p = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Path file : List.of(stdout, stderr)) {
        MatchResult m = firstMatch(lines(file), p);
        if (m != null) {
          return m;
        }
      }
      checkWaitable(regex, "stdout or stderr", deadline, timeout);
    }
  }

  private MatchResult await(Path file, String stream, String regex, Duration timeout) {
    Pattern p = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      MatchResult m = firstMatch(lines(file), p);
      if (m != null) {
        return m;
      }
      checkWaitable(regex, stream, deadline, timeout);
    }
  }

  private void checkWaitable(String regex, String stream, long deadline, Duration timeout) {
    if (!process.isAlive()) {
      // one more look: the line may have been written just before the exit
      for (Path file : List.of(stdout, stderr)) {
        if (firstMatch(lines(file), Pattern.compile(regex)) != null) {
          return;
        }
      }
      fail(
          name + " exited with " + process.exitValue() + " before printing /" + regex + "/ on "
              + stream + "\n" + describeOutput());
    }
    if (System.nanoTime() > deadline) {
      fail(
          name + " did not print /" + regex + "/ on " + stream + " within " + timeout + "\n"
              + describeOutput());
    }
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted");
    }
  }

  private static MatchResult firstMatch(List<String> lines, Pattern p) {
    for (String line : lines) {
      Matcher m = p.matcher(line);
      if (m.find()) {
        return m.toMatchResult();
      }
    }
    return null;
  }

  /**
   * Waits until at least {@code n} of the child's threads are in {@code method} (e.g. {@code
   * sleep}) called from a frame of {@code className}, read from thread dumps ({@code jstack}):
   * e.g. requests that have reached the route which holds them, without a guessed sleep.
   */
  void awaitThreadsIn(String className, String method, int n) {
    Path jstack = javaHomeOf().resolve("bin").resolve("jstack");
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Pattern frame = Pattern.compile("\\sat [\\w.$]+\\." + Pattern.quote(method) + "\\(");
    String dump = "";
    while (true) {
      int found = 0;
      try {
        Process p = new ProcessBuilder(jstack.toString(), "" + pid()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot run " + jstack, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
      // one thread per block; its frames run from the innermost down
      for (String thread : dump.split("\n\\s*\n")) {
        Matcher m = frame.matcher(thread);
        if (m.find() && thread.indexOf(className, m.end()) >= 0) {
          found++;
        }
      }
      if (found >= n) {
        return;
      }
      checkWaitable(
          "(" + found + " of " + n + " threads in " + className + " -> " + method + ")",
          "jstack",
          deadline,
          READY_TIMEOUT);
    }
  }

  private Path javaHomeOf() {
    return Path.of(process.info().command().orElseThrow()).getParent().getParent();
  }

  /** Closes the child's stdin: a child reading it gets its end. */
  void closeStdin() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the stdin of " + name, e);
    }
  }

  /** Complete lines written to stdout so far. */
  List<String> stdoutLines() {
    return lines(stdout);
  }

  /** Complete lines written to stderr so far. */
  List<String> stderrLines() {
    return lines(stderr);
  }

  /** The agent's lines on stderr (those with its {@code [metrics-agent]} prefix). */
  List<String> agentLines() {
    List<String> out = new ArrayList<>();
    for (String l : stderrLines()) {
      if (l.contains("[metrics-agent]")) {
        out.add(l);
      }
    }
    return out;
  }

  /** Both streams, for assertion messages. */
  String describeOutput() {
    return "--- " + stdout + "\n" + String.join("\n", tail(lines(stdout)))
        + "\n--- " + stderr + "\n" + String.join("\n", tail(lines(stderr)));
  }

  private static List<String> tail(List<String> lines) {
    return lines.size() <= 80 ? lines : lines.subList(lines.size() - 80, lines.size());
  }

  /** Whole lines only: a line still being written is left for the next poll. */
  private static List<String> lines(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return List.of();
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String l : text.substring(0, end).split("\n", -1)) {
      out.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
    }
    return out;
  }

  /** Waits for the child to exit by itself; returns its exit code, or fails after the timeout. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        fail(name + " still running after " + timeout + "\n" + describeOutput());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted");
    }
    return process.exitValue();
  }

  /**
   * TCP ports this process listens on, from {@code /proc} (Linux): its socket inodes matched
   * against the LISTEN rows of {@code /proc/net/tcp} and {@code tcp6}.
   */
  Set<Integer> listeningPorts() {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", "" + pid(), "fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // an fd closed while we looked
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the sockets of " + name, e);
    }
    Set<Integer> ports = new TreeSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> rows;
      try {
        rows = Files.readAllLines(Path.of(table));
      } catch (IOException e) {
        continue;
      }
      for (String row : rows.subList(Math.min(1, rows.size()), rows.size())) {
        String[] f = row.trim().split("\\s+");
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
        if (f.length > 9 && "0A".equals(f[3]) && inodes.contains(f[9])) {
          String local = f[1];
          ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
        }
      }
    }
    return ports;
  }

  /** Stops this process (and only its descendants): SIGTERM, then SIGKILL after a grace period. */
  void destroy() {
    List<ProcessHandle> tree = new ArrayList<>();
    process.descendants().forEach(tree::add);
    tree.add(process.toHandle());
    for (ProcessHandle h : tree) {
      h.destroy();
    }
    for (ProcessHandle h : tree) {
      try {
        h.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception notYet) {
        h.destroyForcibly();
      }
    }
    try {
      process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertNoWeaveErrors();
  }

  /**
   * Fails the test when the agent could not weave a class ({@code WeaveErrors}): a framework
   * module that silently stopped applying must not pass because the test looked elsewhere.
   */
  void assertNoWeaveErrors() {
    List<String> errors =
        agentLines().stream().filter(l -> l.contains(WEAVE_ERROR)).toList();
    if (!errors.isEmpty()) {
      throw new AssertionError("the agent could not weave:\n" + String.join("\n", errors));
    }
  }

  /** {@code WeaveErrors.LINE_START}, as logged. */
  static final String WEAVE_ERROR = "WARNING: could not instrument ";

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }

  /** What to run; {@link #start()} launches it. */
  static final class Builder {
    private final String testName;
    private final String name;
    private Path javaHome = Artifacts.javaHome();
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> main = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();

    private Builder(String testName, String name) {
      this.testName = testName;
      this.name = name;
    }

    /** Runs the child on another JDK (default: {@link Artifacts#javaHome()}). */
    Builder javaHome(Path home) {
      this.javaHome = home;
      return this;
    }

    /** {@code -javaagent:<agent jar>[=options]}; {@code options} may be null or empty. */
    Builder agent(String options) {
      String a = "-javaagent:" + Artifacts.agentJar();
      return jvmArgs(options == null || options.isEmpty() ? a : a + "=" + options);
    }

    Builder jvmArgs(String... a) {
      jvmArgs.addAll(Arrays.asList(a));
      return this;
    }

    Builder systemProperty(String key, String value) {
      return jvmArgs("-D" + key + "=" + value);
    }

    Builder jar(Path jar) {
      main.clear();
      main.addAll(List.of("-jar", jar.toString()));
      return this;
    }

    Builder mainClass(String classPath, String mainClass) {
      main.clear();
      main.addAll(List.of("-cp", classPath, mainClass));
      return this;
    }

    Builder args(String... a) {
      args.addAll(Arrays.asList(a));
      return this;
    }

    /** Sets a variable in the child's environment (on top of the scrubbed inherited one). */
    Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    /**
     * Children live for seconds: C1 only and the serial collector take about a quarter less CPU
     * per start (the suite starts some 200 on 2 vCPUs), and nothing the agent does depends on the
     * JIT tier or the collector. {@code -Dit.childJvmFlags=} (empty) starts them with the JVM's
     * defaults.
     */
    static final List<String> QUICK_START = flags(System.getProperty("it.childJvmFlags",
        "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"));

    private static List<String> flags(String s) {
      return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }

    ChildJvm start() {
      if (main.isEmpty()) {
        throw new IllegalStateException("jar(...) or mainClass(...) first");
      }
      List<String> command = new ArrayList<>();
      command.add(javaHome.resolve("bin").resolve("java").toString());
      command.addAll(QUICK_START);
      command.addAll(jvmArgs);
      command.addAll(main);
      command.addAll(args);
      Path dir = Artifacts.logsDir().resolve(testName).toAbsolutePath();
      Path out = dir.resolve(name + ".stdout.log");
      Path err = dir.resolve(name + ".stderr.log");
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().keySet().removeIf(Builder::scrubbed);
      pb.environment().putAll(env);
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.redirectInput(ProcessBuilder.Redirect.PIPE);
      try {
        Files.createDirectories(dir);
        Files.writeString(
            dir.resolve(name + ".command.txt"),
            "env " + env + "\n" + String.join(" ", command) + "\n");
        return new ChildJvm(name, pb.start(), out, err);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + command, e);
      }
    }

    private static boolean scrubbed(String variable) {
      for (String s : SCRUBBED_ENV) {
        if (s.endsWith("_") ? variable.startsWith(s) : variable.equals(s)) {
          return true;
        }
      }
      return false;
    }
  }
}
