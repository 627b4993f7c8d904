package dev.metricsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The host sees the same system properties with the agent as without it, and an HttpServer the
 * app starts after the agent's exporter is configured as without the agent. The Prometheus
 * client's HTTPServer would set {@code sun.net.httpserver.maxReqTime=60} and {@code
 * maxRspTime=600} JVM-wide (and with them start the JDK's request/response timer for every
 * HttpServer of the JVM); the agent loads it without that initialiser.
 *
 * <p>The agent's own state, under its own {@code dev.metricsagent.} prefix, is the one
 * difference allowed, and listed: attach looks for the running agent's port there, and the
 * relocated Byte Buddy's switch is read by the agent's copy only.
 */
class HostPropertiesIT {
  static final List<String> AGENT_OWN =
      List.of("dev.metricsagent.active.port", "dev.metricsagent.shaded.net.bytebuddy.nexus.disabled");

  @Test
  void theHostSeesTheSamePropertiesAndJdkServerWithAndWithoutTheAgent() throws Exception {
    Map<String, String> without = probe("without-agent", false);
    Map<String, String> with = probe("with-agent", true);

    assertEquals("true", without.get("own-server-answer"));
    assertEquals("true", with.get("own-server-answer"));
    assertEquals("0", without.get("req-rsp-timeout-task threads"), "no agent, no timer");
    assertEquals(
        "0",
        with.get("req-rsp-timeout-task threads"),
        "the app's HttpServer (and the exporter's) run the JDK's request timer: its JVM-wide"
            + " timeouts were set");

    List<String> differences = new ArrayList<>();
    TreeMap<String, String> keys = new TreeMap<>(without);
    keys.putAll(with);
    for (String k : keys.keySet()) {
      if (!k.startsWith("property ")) {
        continue;
      }
      String name = k.substring("property ".length());
      String a = without.get(k);
      String b = with.get(k);
      if (a == null ? b != null : !a.equals(b)) {
        differences.add(name + ": without the agent " + a + ", with it " + b);
      }
    }
    List<String> unexpected = new ArrayList<>();
    for (String d : differences) {
      if (!AGENT_OWN.contains(d.substring(0, d.indexOf(':')))) {
        unexpected.add(d);
      }
    }
    System.err.println("HostPropertiesIT: differences " + differences);
    assertTrue(unexpected.isEmpty(), "the agent changed the host's system properties: " + unexpected);
    assertTrue(
        differences.stream().anyMatch(d -> d.startsWith("dev.metricsagent.active.port")),
        "the probe did not run with the agent: " + differences);
  }

  private static Map<String, String> probe(String name, boolean agent) throws Exception {
    Path dir = Artifacts.logsDir().resolve("HostPropertiesIT").toAbsolutePath();
    Files.createDirectories(dir);
    Path out = dir.resolve(name + ".txt");
    Files.deleteIfExists(out);
    Path classes =
        Path.of(HostPropertiesProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ChildJvm.Builder b =
        ChildJvm.builder("HostPropertiesIT", name)
            .mainClass(classes.toString(), HostPropertiesProbe.class.getName())
            .env("PROBE_OUT", out.toString());
    if (agent) {
      int port = FreePort.find();
      b.agent("port=" + port + ",host=127.0.0.1").env("PROBE_METRICS_PORT", "" + port);
    }
    ChildJvm child = b.start();
    try {
      child.awaitStdout("probe done");
    } finally {
      child.destroy();
    }
    Map<String, String> m = new TreeMap<>();
    for (String line : Files.readAllLines(out)) {
      if (line.startsWith("property ")) {
        int eq = line.indexOf('=');
        m.put(line.substring(0, eq), line.substring(eq + 1));
      } else {
        int sp = line.lastIndexOf(' ');
        m.put(line.substring(0, sp), line.substring(sp + 1));
      }
    }
    return m;
  }
}
