package dev.metricsagent.testapps;

/**
 * A main that is not a web app: prints a line, sleeps, returns. With the agent attached the JVM
 * must still exit on its own when this returns (the agent's threads are daemons).
 *
 * <pre>{@code
 * java -javaagent:metrics-agent.jar -jar test-apps/target/spark-fixture-plain.jar 3000
 * }</pre>
 */
public final class PlainMain {
  private PlainMain() {}

  /** @param args optional sleep in milliseconds (default 0) */
  public static void main(String[] args) throws InterruptedException {
    long sleepMillis = args.length > 0 ? Long.parseLong(args[0]) : 0L;
    System.out.println("plain-app started, sleeping " + sleepMillis + " ms");
    System.out.flush();
    Thread.sleep(sleepMillis);
    System.out.println("plain-app returning from main");
    System.out.flush();
  }
}
