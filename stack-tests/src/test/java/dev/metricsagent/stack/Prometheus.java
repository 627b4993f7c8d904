package dev.metricsagent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real Prometheus server started by a test, and the bits of its HTTP API the tests use. */
final class Prometheus implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  final Child child;
  final URI url;

  private Prometheus(Child child, URI url) {
    this.child = child;
    this.url = url;
  }

  /**
   * Writes a config derived from the shipped {@code scripts/prometheus/prometheus.yml} into
   * {@code dir}: same jobs, same rule files (absolute paths to the shipped ones), the
   * metrics-agent job's target replaced by {@code target}, and every interval set to {@code
   * interval}. Works for both ways the shipped file may name its target (file_sd_configs: a
   * target file is written where the glob expects it; static_configs: replaced in place).
   */
  static Path writeConfig(Path shipped, Path dir, String target, String interval) throws IOException {
    ObjectNode cfg = (ObjectNode) Stack.readYaml(shipped);
    ObjectNode global = cfg.has("global") ? (ObjectNode) cfg.get("global") : cfg.putObject("global");
    global.put("scrape_interval", interval);
    global.put("scrape_timeout", interval);
    global.put("evaluation_interval", interval);
    ArrayNode rules = cfg.putArray("rule_files");
    for (JsonNode r : Stack.readYaml(shipped).path("rule_files")) {
      rules.add(shipped.getParent().resolve(r.asText()).toAbsolutePath().normalize().toString());
    }
    JsonNode job = null;
    for (JsonNode j : cfg.path("scrape_configs")) {
      if (Stack.JOB.equals(j.path("job_name").asText())) {
        job = j;
      }
    }
    if (job == null) {
      fail(shipped + " has no scrape config with job_name " + Stack.JOB);
    }
    ObjectNode jobNode = (ObjectNode) job;
    jobNode.remove("scrape_interval");
    jobNode.remove("scrape_timeout");
    int rewritten = 0;
    for (JsonNode sd : job.path("file_sd_configs")) {
      for (JsonNode f : sd.path("files")) {
        Path file = dir.resolve(f.asText().replace("*", Stack.JOB)).normalize();
        Files.createDirectories(file.getParent());
        Files.writeString(file, "- targets:\n    - " + target + "\n");
        rewritten++;
      }
    }
    for (JsonNode sc : job.path("static_configs")) {
      ArrayNode t = ((ObjectNode) sc).putArray("targets");
      t.add(target);
      rewritten++;
    }
    assertEquals(1, rewritten, "expected exactly one target source in job " + Stack.JOB + " of " + shipped);
    Path out = dir.resolve("prometheus.yml");
    Stack.YAML.writeValue(out.toFile(), cfg);
    return out;
  }

  /** Starts Prometheus; {@code extraFlags} go after the usual ones (e.g. --enable-feature=...). */
  static Prometheus start(Path bin, Path config, Path dir, String... extraFlags) throws InterruptedException {
    int port = Stack.freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                bin.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port));
    command.addAll(List.of(extraFlags));
    Child c =
        Child.start(
            "prometheus",
            command,
            dir,
            dir.resolve("prometheus.log"),
            Map.of());
    Prometheus p = new Prometheus(c, URI.create("http://127.0.0.1:" + port));
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        if (!c.process.isAlive()) {
          fail("prometheus exited with code " + c.process.exitValue() + "; log " + c.log + ":" + c.tail());
        }
        try {
          HttpResponse<String> r =
              HTTP.send(HttpRequest.newBuilder(p.url.resolve("/-/ready")).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            return p;
          }
        } catch (IOException e) {
          // not listening yet
        }
        if (System.nanoTime() > deadline) {
          fail("prometheus not ready within 60 s; log " + c.log + ":" + c.tail());
        }
        Thread.sleep(200);
      }
    } catch (AssertionError | RuntimeException | InterruptedException e) {
      c.close();
      throw e;
    }
  }

  /** The API of a Prometheus someone else started (scripts/fleet); {@link #close} leaves it be. */
  static Prometheus at(URI url) {
    return new Prometheus(null, url);
  }

  /** The whole answer of an instant query (status, data or error), whatever its status. */
  JsonNode queryResponse(String promql) {
    String form = "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    HttpRequest req =
        HttpRequest.newBuilder(url.resolve("/api/v1/query"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    return send(req);
  }

  /** The {@code data.result} of a successful instant query; fails on an error answer. */
  JsonNode query(String promql) {
    JsonNode r = queryResponse(promql);
    if (!"success".equals(r.path("status").asText())) {
      fail("query failed: " + promql + "\n  " + r.path("errorType").asText() + ": " + r.path("error").asText());
    }
    return r.path("data").path("result");
  }

  /** The value of a query that yields one sample (vector of one, or scalar); NaN when empty. */
  double value(String promql) {
    JsonNode result = query(promql);
    if (result.isArray() && result.size() == 0) {
      return Double.NaN;
    }
    JsonNode v;
    if (result.isArray()) {
      if (result.size() != 1) {
        fail("expected one sample from " + promql + ", got " + result);
      }
      v = result.get(0).path("value");
    } else {
      v = result; // scalar: [time, "value"]
    }
    return Double.parseDouble(v.get(1).asText());
  }

  /** The {@code data.result} of a successful instant query evaluated at {@code time}. */
  JsonNode queryAt(String promql, Instant time) {
    String form =
        "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time="
            + time.toEpochMilli() / 1000.0;
    JsonNode r =
        send(HttpRequest.newBuilder(url.resolve("/api/v1/query"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build());
    if (!"success".equals(r.path("status").asText())) {
      fail("query failed: " + promql + "\n  " + r.path("errorType").asText() + ": " + r.path("error").asText());
    }
    return r.path("data").path("result");
  }

  /**
   * The {@code data} of {@code /api/v1/query_exemplars} (one entry per series: seriesLabels,
   * exemplars); fails on an error answer. Needs {@code --enable-feature=exemplar-storage}, else
   * the answer is an empty list, not an error.
   */
  JsonNode exemplars(String promql, Instant start, Instant end) {
    JsonNode r =
        get("/api/v1/query_exemplars?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&start=" + start.getEpochSecond() + "&end=" + end.getEpochSecond());
    if (!"success".equals(r.path("status").asText())) {
      fail("exemplar query failed: " + promql + "\n  " + r.path("errorType").asText() + ": " + r.path("error").asText());
    }
    return r.path("data");
  }

  JsonNode get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(url.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build());
  }

  private static JsonNode send(HttpRequest req) {
    try {
      HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
      return Stack.JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("prometheus API call failed: " + req.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (child != null) {
      child.close();
    }
  }
}
