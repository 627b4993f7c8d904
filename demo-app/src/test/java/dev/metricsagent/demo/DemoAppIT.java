package dev.metricsagent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged fat jar ({@code target/demo-app.jar}) as a child process, the way scripts and
 * the agent's tests will: exit codes, the stderr line for bad input, the stdout "listening" line.
 */
class DemoAppIT {

    private static final Pattern LISTENING = Pattern.compile("demo-app listening on http://localhost:(\\d+)");

    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void killWhatWeStarted() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void nonNumericPortExits2WithOneStderrLine() throws Exception {
        Run run = runToExit(List.of("--port", "abc"), null);
        assertEquals(2, run.exitCode);
        assertEquals(List.of("demo-app: invalid port 'abc' (from --port): expected an integer 0..65535"), run.stderr);
        assertEquals("", run.stdout);
    }

    @Test
    void outOfRangePortFromEnvironmentExits2() throws Exception {
        Run run = runToExit(List.of(), "70000");
        assertEquals(2, run.exitCode);
        assertEquals(List.of("demo-app: invalid port '70000' (from PORT): expected an integer 0..65535"), run.stderr);
    }

    @Test
    void unknownArgumentExits2() throws Exception {
        Run run = runToExit(List.of("--prot", "8080"), null);
        assertEquals(2, run.exitCode);
        assertEquals(1, run.stderr.size(), run.stderr.toString());
        assertTrue(run.stderr.get(0).startsWith("demo-app: unknown argument '--prot'"), run.stderr.get(0));
    }

    @Test
    void busyPortExits1WithClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Run run = runToExit(List.of("--port", String.valueOf(taken.getLocalPort()), "--host", "127.0.0.1"), null);
            assertEquals(1, run.exitCode);
            assertTrue(run.stderr.stream().anyMatch(l -> l.startsWith("demo-app: cannot listen on 127.0.0.1:" + taken.getLocalPort())),
                    String.join("\n", run.stderr));
            assertEquals("", run.stdout);
        }
    }

    @Test
    void startsOnAFreePortAnnouncesItAndServes() throws Exception {
        // PORT is invalid on purpose: the argument must win without the environment being looked at.
        Process process = start(List.of("--port", "0", "--host", "127.0.0.1"), "not-a-port", tmp.resolve("stderr.log"));
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> readLine(stdout)).get(30, TimeUnit.SECONDS);
        Matcher matcher = LISTENING.matcher(line == null ? "" : line);
        assertTrue(matcher.matches(), "first stdout line: " + line + "\nstderr:\n" + Files.readString(tmp.resolve("stderr.log")));
        int port = Integer.parseInt(matcher.group(1));
        assertTrue(port > 0);

        Http http = new Http(port);
        Http.Reply health = http.get("/health");
        assertEquals(200, health.status());
        assertEquals("{\"status\":\"UP\"}", health.body());
        // The version in the jar is the pom's version, via resource filtering.
        assertEquals(System.getProperty("demoApp.version"), http.get("/").json().path("version").asText());
        assertEquals(201, http.postJson("/products", "{\"id\":1,\"name\":\"Laptop\",\"price\":999.99,\"amount\":10}").status());
        assertEquals("[{\"id\":1,\"name\":\"Laptop\",\"price\":999.99,\"amount\":10}]", http.get("/products").body());

        // Jetty has logged plenty by now; all of it must have gone to stderr, none to stdout.
        assertFalse(stdout.ready(), "stdout should hold nothing but the announcement");

        process.destroy();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "app did not stop on SIGTERM");
        assertTrue(Files.readString(tmp.resolve("stderr.log")).contains("Started"), "Jetty logs on stderr");
    }

    private record Run(int exitCode, String stdout, List<String> stderr) {
    }

    private Run runToExit(List<String> args, String portEnv) throws Exception {
        Path err = tmp.resolve("stderr-" + started.size() + ".log");
        Process process = start(args, portEnv, err);
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "app should exit");
        List<String> stderr = Files.readAllLines(err, StandardCharsets.UTF_8).stream()
                // The JVM may add its own notes (e.g. JAVA_TOOL_OPTIONS); they are not the app's.
                .filter(l -> !l.startsWith("Picked up "))
                .toList();
        return new Run(process.exitValue(), stdout, stderr);
    }

    private Process start(List<String> args, String portEnv, Path stderrFile) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar().getPath());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderrFile.toFile());
        // Only what the test sets: an inherited PORT/HOST must not change the outcome.
        builder.environment().remove("PORT");
        builder.environment().remove("HOST");
        if (portEnv != null) {
            builder.environment().put("PORT", portEnv);
        }
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static File jar() {
        File jar = new File(System.getProperty("demoApp.jar", "target/demo-app.jar"));
        assertTrue(jar.isFile(), "build the jar first (mvn package): " + jar.getAbsolutePath());
        return jar;
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
