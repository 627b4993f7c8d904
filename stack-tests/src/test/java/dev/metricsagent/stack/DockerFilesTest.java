package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * scripts/docker/Dockerfile, scripts/docker/docker-compose.yml and the root .dockerignore,
 * checked by reading them (there is no Docker engine to run them here): every path they name
 * exists in the repository, and the compose file wires Prometheus and Grafana to the shipped
 * files.
 */
class DockerFilesTest {
  static final Path ROOT = Stack.repoRoot();
  static final Path DOCKER_DIR = ROOT.resolve("scripts/docker");
  static final Path DOCKERFILE = DOCKER_DIR.resolve("Dockerfile");
  static final Path COMPOSE = DOCKER_DIR.resolve("docker-compose.yml");

  // ---- Dockerfile ----------------------------------------------------------------------------

  /** One instruction: keyword upper-cased, arguments with line continuations joined. */
  static final class Instruction {
    final String keyword;
    final String args;
    final int stage;

    Instruction(String keyword, String args, int stage) {
      this.keyword = keyword;
      this.args = args;
      this.stage = stage;
    }

    @Override
    public String toString() {
      return keyword + " " + args;
    }
  }

  static List<Instruction> parseDockerfile() throws IOException {
    List<Instruction> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int stage = -1;
    for (String raw : Files.readAllLines(DOCKERFILE)) {
      String line = raw.strip();
      if (cur.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
        continue;
      }
      if (cur.length() > 0 && line.startsWith("#")) {
        continue; // comment inside a continued instruction
      }
      if (line.endsWith("\\")) {
        cur.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      cur.append(line);
      String full = cur.toString().strip();
      cur.setLength(0);
      int sp = full.indexOf(' ');
      String kw = full.substring(0, sp).toUpperCase();
      if (kw.equals("FROM")) {
        stage++;
      }
      out.add(new Instruction(kw, full.substring(sp + 1).strip(), stage));
    }
    return out;
  }

  static List<Instruction> all(List<Instruction> ins, String keyword) {
    List<Instruction> out = new ArrayList<>();
    for (Instruction i : ins) {
      if (i.keyword.equals(keyword)) {
        out.add(i);
      }
    }
    return out;
  }

  @Test
  void dockerfileIsAMultiStageMavenBuildThenAJre() throws IOException {
    List<Instruction> ins = parseDockerfile();
    List<Instruction> froms = all(ins, "FROM");
    assertEquals(2, froms.size(), "stages: " + froms);
    assertEquals("maven:3-eclipse-temurin-17 AS build", froms.get(0).args);
    assertEquals("eclipse-temurin:17-jre", froms.get(1).args);
    boolean builds = false;
    for (Instruction i : all(ins, "RUN")) {
      builds |= i.stage == 0 && i.args.contains("mvn -B -DskipTests package");
    }
    assertTrue(builds, "the build stage runs mvn -B -DskipTests package");
  }

  @Test
  void everyCopySourceExists() throws IOException {
    List<Instruction> ins = parseDockerfile();
    Map<Integer, String> workdir = new HashMap<>();
    for (Instruction i : all(ins, "WORKDIR")) {
      workdir.put(i.stage, i.args);
    }
    List<String> rootModules = rootModules();
    int checked = 0;
    for (Instruction copy : all(ins, "COPY")) {
      List<String> words = new ArrayList<>(List.of(copy.args.split("\\s+")));
      String from = null;
      while (words.get(0).startsWith("--")) {
        String opt = words.remove(0);
        if (opt.startsWith("--from=")) {
          from = opt.substring("--from=".length());
        }
      }
      List<String> sources = words.subList(0, words.size() - 1);
      for (String src : sources) {
        checked++;
        if (from == null) {
          // from the build context, the repository root
          Path p = ROOT.resolve(src).normalize();
          assertTrue(p.startsWith(ROOT) && Files.exists(p), copy + ": " + p + " does not exist");
        } else {
          assertEquals("build", from, copy + ": unknown stage");
          String base = workdir.get(0);
          assertNotNull(base, "the build stage has a WORKDIR");
          assertTrue(src.startsWith(base + "/"), copy + ": " + src + " is not under the build WORKDIR " + base);
          // <WORKDIR>/<module>/target/<finalName>.jar: the module exists, is built by the reactor,
          // and its pom names the jar so.
          Matcher m = Pattern.compile("([^/]+)/target/([^/]+)\\.jar").matcher(src.substring(base.length() + 1));
          assertTrue(m.matches(), copy + ": expected <module>/target/<name>.jar, got " + src);
          Path module = ROOT.resolve(m.group(1));
          assertTrue(Files.isRegularFile(module.resolve("pom.xml")), copy + ": no module " + module);
          assertTrue(rootModules.contains(m.group(1)), copy + ": " + m.group(1) + " is not a module of the root pom");
          String pom = Files.readString(module.resolve("pom.xml"));
          assertTrue(pom.contains("<finalName>" + m.group(2) + "</finalName>"),
              copy + ": " + module + "/pom.xml does not set <finalName>" + m.group(2) + "</finalName>");
        }
      }
    }
    assertTrue(checked >= 3, "COPY sources checked: " + checked);
  }

  @Test
  void runsAsNonRootExposesBothPortsAndChecksHealth() throws IOException {
    List<Instruction> ins = parseDockerfile();
    int last = all(ins, "FROM").size() - 1;
    String user = null;
    String entrypoint = null;
    List<String> exposed = new ArrayList<>();
    String health = null;
    Map<String, String> env = new LinkedHashMap<>();
    List<String> copiedTo = new ArrayList<>();
    for (Instruction i : ins) {
      if (i.stage != last) {
        continue;
      }
      switch (i.keyword) {
        case "USER":
          user = i.args;
          break;
        case "ENTRYPOINT":
          assertNotNull(user, "USER comes before ENTRYPOINT");
          entrypoint = i.args;
          break;
        case "EXPOSE":
          exposed.addAll(List.of(i.args.split("\\s+")));
          break;
        case "HEALTHCHECK":
          health = i.args;
          break;
        case "ENV":
          for (String kv : i.args.split("\\s+")) {
            String[] p = kv.split("=", 2);
            env.put(p[0], p[1]);
          }
          break;
        case "COPY":
          String[] w = i.args.split("\\s+");
          copiedTo.add(w[w.length - 1]);
          break;
        default:
          break;
      }
    }
    assertNotNull(user, "the run stage sets USER");
    assertFalse(user.equals("root") || user.startsWith("0") || user.startsWith("root:"), "USER " + user);
    assertEquals(List.of("8000", "9464"), exposed);
    assertEquals("8000", env.get("PORT"), "the app's port (demo-app reads PORT)");
    assertEquals("9464", env.get("METRICS_AGENT_PORT"), "the agent's port");
    assertNotNull(health, "HEALTHCHECK");
    assertTrue(health.contains("/health"), health);
    JsonNode cmd = healthcheckCommand();
    assertEquals("bash", cmd.get(0).asText(), "bash is in the Ubuntu-based eclipse-temurin image; curl and wget may not be");
    assertNotNull(entrypoint);
    JsonNode ep = Stack.JSON.readTree(entrypoint);
    assertEquals("java", ep.get(0).asText());
    String joined = ep.toString();
    for (String jar : copiedTo) {
      assertTrue(joined.contains(jar), "ENTRYPOINT uses " + jar + ": " + joined);
    }
    assertTrue(joined.contains("-javaagent:/app/metrics-agent.jar"), joined);
  }

  /** The HEALTHCHECK's exec-form CMD as a JSON array (ScriptsIT runs it against a real app). */
  static JsonNode healthcheckCommand() throws IOException {
    for (Instruction i : parseDockerfile()) {
      if (i.keyword.equals("HEALTHCHECK")) {
        int at = i.args.indexOf("CMD [");
        assertTrue(at >= 0, "HEALTHCHECK uses the exec form CMD [...]: " + i.args);
        return Stack.JSON.readTree(i.args.substring(at + 4));
      }
    }
    throw new AssertionError("no HEALTHCHECK in " + DOCKERFILE);
  }

  // ---- .dockerignore -------------------------------------------------------------------------

  @Test
  void dockerignoreKeepsBuildOutputOutAndSourcesIn() throws IOException {
    Path ignore = ROOT.resolve(".dockerignore");
    assertTrue(Files.isRegularFile(ignore), ".dockerignore at the build context (repo root)");
    List<PathMatcher> patterns = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (String l : Files.readAllLines(ignore)) {
      l = l.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      assertFalse(l.startsWith("!"), "keep .dockerignore simple: no exceptions (" + l + ")");
      lines.add(l);
      patterns.add(FileSystems.getDefault().getPathMatcher("glob:" + l));
    }
    assertTrue(lines.contains(".git"), ".git is ignored");
    assertTrue(ignored(patterns, "agent/target"), "module target/ directories are ignored");
    assertTrue(ignored(patterns, "demo-app/target"), "module target/ directories are ignored");
    List<String> needed = new ArrayList<>(List.of("pom.xml"));
    for (String m : rootModules()) {
      needed.add(m + "/pom.xml");
      needed.add(m + "/src");
    }
    for (String n : needed) {
      assertFalse(ignored(patterns, n), n + " is needed by the image's mvn package but ignored");
    }
  }

  private static boolean ignored(List<PathMatcher> patterns, String relative) {
    Path p = Paths.get(relative);
    for (int i = 1; i <= p.getNameCount(); i++) {
      Path prefix = p.subpath(0, i);
      for (PathMatcher m : patterns) {
        if (m.matches(prefix)) {
          return true;
        }
      }
    }
    return false;
  }

  static List<String> rootModules() throws IOException {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    while (m.find()) {
      out.add(m.group(1).strip());
    }
    assertFalse(out.isEmpty());
    return out;
  }

  // ---- docker-compose.yml --------------------------------------------------------------------

  /** A bind mount of the compose file: host path (resolved) to container path. */
  static Map<String, Path> bindMounts(JsonNode compose, String service) {
    Map<String, Path> out = new LinkedHashMap<>();
    for (JsonNode v : compose.path("services").path(service).path("volumes")) {
      String[] parts = v.asText().split(":");
      String src = parts[0];
      if (src.startsWith(".") || src.startsWith("/")) {
        Path host = DOCKER_DIR.resolve(src).normalize();
        assertTrue(Files.exists(host), service + " volume " + v.asText() + ": " + host + " does not exist");
        out.put(parts[1], host);
      } else {
        assertTrue(compose.path("volumes").has(src), service + ": named volume " + src + " is not declared");
      }
    }
    return out;
  }

  @Test
  void composeBuildsTheAppFromTheRepoRoot() {
    JsonNode c = Stack.readYaml(COMPOSE);
    JsonNode build = c.path("services").path("app").path("build");
    Path context = DOCKER_DIR.resolve(build.path("context").asText()).normalize();
    assertEquals(ROOT, context, "build context");
    assertEquals(DOCKERFILE, context.resolve(build.path("dockerfile").asText()).normalize());
    assertTrue(Files.isRegularFile(context.resolve(".dockerignore")));
    List<String> ports = new ArrayList<>();
    c.path("services").path("app").path("ports").forEach(p -> ports.add(p.asText()));
    assertEquals(List.of("8000:8000", "9464:9464"), ports);
    for (String s : List.of("app", "prometheus", "grafana")) {
      assertTrue(c.path("services").has(s), "service " + s);
      bindMounts(c, s); // every host path exists
    }
  }

  @Test
  void composePrometheusUsesTheShippedConfigRulesAndScrapesTheApp() {
    JsonNode c = Stack.readYaml(COMPOSE);
    Map<String, Path> mounts = bindMounts(c, "prometheus");
    String configFile = null;
    for (JsonNode a : c.path("services").path("prometheus").path("command")) {
      if (a.asText().startsWith("--config.file=")) {
        configFile = a.asText().substring("--config.file=".length());
      }
    }
    assertNotNull(configFile, "prometheus command sets --config.file");
    Path shippedConfig = ROOT.resolve("scripts/prometheus/prometheus.yml");
    assertEquals(shippedConfig, mounts.get(configFile), "the config Prometheus reads is the shipped one");
    Path inContainer = Paths.get(configFile).getParent();
    JsonNode cfg = Stack.readYaml(shippedConfig);
    for (JsonNode r : cfg.path("rule_files")) {
      String target = inContainer.resolve(r.asText()).normalize().toString();
      assertEquals(shippedConfig.getParent().resolve(r.asText()).normalize(), mounts.get(target),
          "rule file " + r.asText() + " is mounted where the config expects it (" + target + ")");
    }
    // The target: file_sd glob of the metrics-agent job, matched by a mounted file naming app:9464.
    int targetFiles = 0;
    for (JsonNode job : cfg.path("scrape_configs")) {
      if (!Stack.JOB.equals(job.path("job_name").asText())) {
        continue;
      }
      for (JsonNode sd : job.path("file_sd_configs")) {
        for (JsonNode f : sd.path("files")) {
          PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + inContainer.resolve(f.asText()));
          for (Map.Entry<String, Path> m : mounts.entrySet()) {
            if (glob.matches(Paths.get(m.getKey()))) {
              targetFiles++;
              JsonNode groups = Stack.readYaml(m.getValue());
              List<String> targets = new ArrayList<>();
              groups.forEach(g -> g.path("targets").forEach(t -> targets.add(t.asText())));
              assertEquals(List.of("app:9464"), targets, m.getValue() + ": the app service's agent port");
            }
          }
        }
      }
    }
    assertEquals(1, targetFiles, "one mounted target file for job " + Stack.JOB);
  }

  @Test
  void composeGrafanaUsesTheShippedProvisioningAndDashboard() {
    JsonNode c = Stack.readYaml(COMPOSE);
    Map<String, Path> mounts = bindMounts(c, "grafana");
    Path prov = ROOT.resolve("scripts/grafana/provisioning");
    assertEquals(prov.resolve("datasources"), mounts.get("/etc/grafana/provisioning/datasources"));
    assertEquals(prov.resolve("dashboards"), mounts.get("/etc/grafana/provisioning/dashboards"));
    JsonNode providers = Stack.readYaml(prov.resolve("dashboards/dashboards.yml")).path("providers");
    assertEquals(1, providers.size());
    String path = providers.get(0).path("options").path("path").asText();
    Path dashboards = ROOT.resolve("scripts/grafana/dashboards");
    assertEquals(dashboards, mounts.get(path), "the provider's path is where the dashboards are mounted");
    assertTrue(Files.isRegularFile(dashboards.resolve("metrics-agent.json")));
    String home = c.path("services").path("grafana").path("environment")
        .path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();
    assertTrue(home.startsWith(path + "/"), home);
    assertTrue(Files.isRegularFile(dashboards.resolve(home.substring(path.length() + 1))), home);
    // The data source points at the compose service and its port.
    JsonNode ds = Stack.readYaml(prov.resolve("datasources/prometheus.yml")).path("datasources").get(0);
    assertEquals("http://prometheus:9090", ds.path("url").asText());
    List<String> ports = new ArrayList<>();
    c.path("services").path("prometheus").path("ports").forEach(p -> ports.add(p.asText()));
    assertTrue(ports.contains("9090:9090"), "prometheus ports " + ports);
    if (!c.path("services").path("grafana").path("depends_on").toString().contains("prometheus")) {
      fail("grafana depends_on prometheus");
    }
  }
}
