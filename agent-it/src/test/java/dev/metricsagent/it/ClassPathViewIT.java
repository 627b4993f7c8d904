package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The app's own class path view holds nothing of the agent beyond its entry point: agent core,
 * configuration, exporter, instrumentation and the shaded Byte Buddy and Prometheus client cannot
 * be loaded or found as resources through the system class loader, the thread context loader or
 * {@code Class.forName}, after {@code -javaagent} and after an attach; the agent works all the
 * same. Only the boot-loaded bridge (what woven code calls) is reachable.
 */
class ClassPathViewIT {
  private static final String PROBE = "dev.metricsagent.testapps.ClassPathProbe";

  /** The only class files the system class loader may find in the agent jar. */
  private static final Set<String> ENTRY_POINT =
      Set.of("dev/metricsagent/AgentLauncher.class", "dev/metricsagent/AgentClassLoader.class");

  /** A sample of every part of the agent jar that must stay out of the app's view. */
  private static final List<String> HIDDEN =
      List.of(
          "dev.metricsagent.Agent",
          "dev.metricsagent.AgentRuntime",
          "dev.metricsagent.AgentLog",
          "dev.metricsagent.BridgeInjector",
          "dev.metricsagent.config.AgentConfig",
          "dev.metricsagent.core.HttpMetrics",
          "dev.metricsagent.exporter.MetricsServer",
          "dev.metricsagent.instrumentation.Instrumenter",
          "dev.metricsagent.instrumentation.spark.SparkModule",
          "dev.metricsagent.instrumentation.spark.MatcherFilterInstrumentation$RequestAdvice",
          "dev.metricsagent.attach.AttachMain",
          "dev.metricsagent.shaded.net.bytebuddy.ByteBuddy",
          "dev.metricsagent.shaded.net.bytebuddy.agent.builder.AgentBuilder",
          "dev.metricsagent.shaded.net.bytebuddy.jar.asm.ClassReader",
          "dev.metricsagent.shaded.io.prometheus.metrics.model.registry.PrometheusRegistry",
          "dev.metricsagent.shaded.io.prometheus.metrics.exporter.httpserver.HTTPServer",
          "dev.metricsagent.shaded.io.prometheus.metrics.instrumentation.jvm.JvmMetrics",
          "dev/metricsagent/core/",
          "dev/metricsagent/shaded/",
          "META-INF/licenses/ASM");

  /** Defined in the boot loader so woven code in any class loader reaches it: on purpose. */
  private static final String BRIDGE = "dev.metricsagent.bridge.Requests";

  private ChildJvm app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.destroy();
    }
  }

  @Test
  void theAgentJarOffersTheClassPathNoClassButItsEntryPoint() throws IOException {
    List<String> classFiles = new ArrayList<>();
    List<String> outside = new ArrayList<>();
    try (ZipFile jar = new ZipFile(Artifacts.agentJar().toFile())) {
      Enumeration<? extends ZipEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        String n = entries.nextElement().getName();
        if (n.endsWith(".class") && !ENTRY_POINT.contains(n)) {
          classFiles.add(n);
        }
        boolean entryPoint = ENTRY_POINT.contains(n) || "dev/metricsagent/".startsWith(n);
        if (!entryPoint && !n.startsWith("inst/") && !n.startsWith("META-INF/MANIFEST.MF")
            && !n.equals("META-INF/")) {
          outside.add(n);
        }
      }
    }
    assertEquals(List.of(), firstFew(classFiles), "class files the system class loader can load");
    assertEquals(List.of(), firstFew(outside), "entries outside inst/ besides the entry point");
  }

  @Test
  void withJavaagentTheAppSeesOnlyTheEntryPointAndTheAgentWorks() {
    int metricsPort = FreePort.find();
    app = startProbe("javaagent").agent("host=127.0.0.1,port=" + metricsPort).start();
    int appPort = appPort(app);
    app.awaitStderr("serving metrics on http://127.0.0.1:" + metricsPort + "/metrics");

    assertHiddenButTheBridge(app.stdoutLines());
    assertMeasures(appPort, metricsPort);
  }

  @Test
  void afterAnAttachTheAppSeesOnlyTheEntryPointAndTheAgentWorks() {
    app = startProbe("attach").start();
    int appPort = appPort(app);
    assertTrue(
        app.stdoutLines().stream().noneMatch(l -> l.startsWith("probe: visible")),
        "without the agent nothing of it is visible: " + app.stdoutLines());

    int metricsPort = FreePort.find();
    AgentCli.Result r =
        AgentCli.run("attach", "" + app.pid(), "port=" + metricsPort + ",host=127.0.0.1");
    assertEquals(0, r.exitCode(), r.toString());

    Http.Reply view = new Http(appPort).get("/view");
    assertEquals(200, view.status());
    assertHiddenButTheBridge(
        Arrays.asList(new String(view.bodyBytes(), StandardCharsets.UTF_8).split("\n")));
    assertMeasures(appPort, metricsPort);
  }

  /**
   * An attach into a JVM whose {@code -javaagent} copy failed to start its exporter gets that
   * copy's runtime (it weaves and records) to start the exporter: both loads share one agent
   * class loader, as they shared the system class loader before.
   */
  @Test
  void anAttachAfterAFailedExporterReusesTheFirstCopy() throws IOException {
    int metricsPort = FreePort.find();
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      app =
          startProbe("javaagent-then-attach")
              .agent("host=127.0.0.1,port=" + taken.getLocalPort())
              .start();
      app.awaitStderr("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort());
    }
    int appPort = appPort(app);
    AgentCli.Result r =
        AgentCli.run("attach", "" + app.pid(), "port=" + metricsPort + ",host=127.0.0.1");
    assertEquals(0, r.exitCode(), r.toString());
    app.awaitStderr("its exporter was not running, starting it on port " + metricsPort);
    assertMeasures(appPort, metricsPort);
  }

  private ChildJvm.Builder startProbe(String name) {
    List<String> args = new ArrayList<>();
    args.add("0");
    args.addAll(HIDDEN);
    args.add(BRIDGE);
    return ChildJvm.builder(getClass().getSimpleName(), name)
        .mainClass(Artifacts.sparkFixtureJar().toString(), PROBE)
        .args(args.toArray(new String[0]));
  }

  private static int appPort(ChildJvm app) {
    return Integer.parseInt(app.awaitStdout("probe listening on http://localhost:(\\d+)").group(1));
  }

  /** Every probe of a {@link #HIDDEN} name says hidden; the bridge class itself loads. */
  private static void assertHiddenButTheBridge(List<String> lines) {
    List<String> visible = new ArrayList<>();
    int hidden = 0;
    for (String l : lines) {
      if (!l.startsWith("probe: ")) {
        continue;
      }
      if (l.contains(" " + BRIDGE + " ") || l.contains(" " + BRIDGE.replace('.', '/'))) {
        continue;
      }
      if (l.startsWith("probe: hidden ")) {
        hidden++;
      } else {
        visible.add(l);
      }
    }
    assertEquals(List.of(), firstFew(visible), "agent classes or resources in the app's view");
    assertTrue(hidden > HIDDEN.size() * 2, "too few probes ran: " + lines);
    assertTrue(
        lines.contains("probe: visible class " + BRIDGE + " via system"),
        "the boot-loaded bridge is reachable: " + lines);
  }

  /** Spark is woven and the exporter serves: counts of /hello and JVM metrics. */
  private void assertMeasures(int appPort, int metricsPort) {
    Http http = new Http(appPort);
    for (int i = 0; i < 3; i++) {
      assertEquals(200, http.get("/hello").status());
    }
    String[] hello = {"endpoint", "/hello", "method", "GET", "status_code", "200"};
    Scrape s =
        Scrape.eventually(
            metricsPort,
            "3 x GET /hello",
            x -> x.value("http_requests_total", hello) != null
                && x.value("http_requests_total", hello) >= 3);
    assertEquals(3.0, s.value("http_requests_total", hello), s.text());
    assertTrue(s.names().contains("jvm_memory_used_bytes"), s.names().toString());
    assertTrue(s.names().contains("process_threads"), s.names().toString());
    assertTrue(
        app.agentLines().stream().noneMatch(l -> l.contains("WARNING")),
        app.agentLines().toString());
  }

  private static List<String> firstFew(List<String> names) {
    return names.size() <= 10 ? names : new ArrayList<>(new TreeSet<>(names)).subList(0, 10);
  }
}
