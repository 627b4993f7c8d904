package dev.metricsagent.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark for a moment (in this JVM, one 200 ms warm-up and one 200 ms measurement
 * iteration, one value per parameter) so they keep compiling and running. No thresholds: timing
 * belongs to {@code java -jar benchmarks/target/benchmarks.jar} on a quiet machine, see
 * docs/performance.md. Not forking saves a JVM launch per benchmark (23 of them); each
 * benchmark's own set-up and tear-down still run.
 */
class BenchmarksSmokeIT {
  private static final String[] BENCHMARKS = {
    "ClockBenchmark.twoNanoTimes",
    "ClockBenchmark.twoNanoTimesThreads2",
    "ClockBenchmark.twoNanoTimesThreads4",
    "RecordPathBenchmark.threads1",
    "RecordPathBenchmark.threads2",
    "RecordPathBenchmark.threads4",
    "RecordPathBenchmark.threads8",
    "RecordPathPartsBenchmark.clientCounterInc",
    "RecordPathPartsBenchmark.clientHistogramObserve",
    "RecordPathPartsBenchmark.recordOnHandle",
    "RecordPathPartsBenchmark.recordByLookup",
    "StackRecordPathBenchmark.request",
    "SharingBenchmark.threads1",
    "SharingBenchmark.threads2",
    "ScrapeBenchmark.snapshot",
    "ScrapeBenchmark.textFormat",
    "ScrapeBenchmark.openMetricsFormat",
    "ScrapeBenchmark.httpText",
    "ScrapeBenchmark.httpOpenMetrics",
    "SamplerBenchmark.snapshot",
    "SamplerBenchmark.page",
  };

  @Test
  void everyBenchmarkProducesAResult() throws Exception {
    // JMH refuses to start while another JMH run holds its lock file; CI and a developer's
    // benchmark run on the same machine must not fail each other.
    System.setProperty("jmh.ignoreLock", "true");
    OptionsBuilder b = new OptionsBuilder();
    for (String name : BENCHMARKS) {
      b.include("\\." + name.replace(".", "\\.") + "$");
    }
    Options options =
        b.forks(0)
            .warmupIterations(1)
            .warmupTime(TimeValue.milliseconds(200))
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(200))
            .param("routes", "100")
            .param("stack", "spring-mvc") // the most hooks per request
            .param("options", "sizes=true") // the longest path
            .param("endpoints", "67")
            .param("jvm", "true")
            .param("traffic", "busy")
            .param("metrics", "shared")
            .shouldFailOnError(true)
            .build();

    Collection<RunResult> results = new Runner(options).run();

    Set<String> ran = new TreeSet<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      ran.add(label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1));
      double score = r.getPrimaryResult().getScore();
      assertTrue(score > 0 && !Double.isNaN(score), label + " scored " + score);
    }
    assertEquals(new TreeSet<>(java.util.Arrays.asList(BENCHMARKS)), ran);
  }

  /**
   * {@link ScrapeMedian}'s floor serves what the agent serves: the same HTTP lines (but the
   * sums, which the client adds up in floating point and the agent in whole nanoseconds), as many
   * lines in all in text and in OpenMetrics ({@code _created} lines as the agent's).
   */
  @Test
  void theClientAloneServesWhatTheAgentServes() throws Exception {
    ScrapeBenchmark b = new ScrapeBenchmark();
    b.endpoints = 67;
    b.jvm = true;
    b.nativeHistograms = true;
    b.durations = 3;
    b.setUp();
    try (ScrapeFloor floor = new ScrapeFloor(67)) {
      String agent = ScrapeMedian.body(b.port(), null);
      String alone = ScrapeMedian.body(floor.textPort(), null);
      assertEquals(httpLinesButSums(agent), httpLinesButSums(alone));
      assertTrue(httpLinesButSums(agent).size() > 67 * 13, "the routes' lines");
      assertEquals(ScrapeMedian.lines(agent), ScrapeMedian.lines(alone));
      String om = ScrapeBenchmark.OPENMETRICS_ACCEPT;
      String agentOm = ScrapeMedian.body(b.port(), om);
      String aloneOm = ScrapeMedian.body(floor.withCreatedPort(), om);
      assertTrue(agentOm.contains("_created"), "start timestamps in OpenMetrics");
      assertEquals(ScrapeMedian.lines(agentOm), ScrapeMedian.lines(aloneOm));
    } finally {
      b.tearDown();
    }
  }

  private static List<String> httpLinesButSums(String body) {
    return body.lines()
        .filter(l -> l.startsWith("http_") && !l.contains("_sum{"))
        .collect(Collectors.toList());
  }
}
