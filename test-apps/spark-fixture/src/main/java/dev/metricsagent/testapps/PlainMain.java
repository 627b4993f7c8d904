package dev.metricsagent.testapps;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A main that is not a web app: prints a line, sleeps (or waits for stdin), returns. With the agent attached the JVM
 * must still exit on its own when this returns (the agent's threads are daemons).
 *
 * <pre>{@code
 * java -javaagent:metrics-agent.jar -jar test-apps/target/spark-fixture-plain.jar 3000
 * }</pre>
 */
public final class PlainMain {
  private PlainMain() {}

  /**
   * @param args a sleep in milliseconds (default 0), or {@code stdin}: until a line arrives on
   *     stdin or it closes (so a test decides when main returns, without racing a sleep); {@code
   *     stdin PORT} first scrapes the agent's exporter on that port ({@link ExporterProbe})
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("stdin")) {
      if (args.length > 1) {
        System.out.println(ExporterProbe.scrape(Integer.parseInt(args[1])));
      }
      System.out.println("plain-app started, waiting for a line on stdin");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    } else {
      long sleepMillis = args.length > 0 ? Long.parseLong(args[0]) : 0L;
      System.out.println("plain-app started, sleeping " + sleepMillis + " ms");
      System.out.flush();
      Thread.sleep(sleepMillis);
    }
    System.out.println("plain-app returning from main");
    System.out.flush();
  }
}
