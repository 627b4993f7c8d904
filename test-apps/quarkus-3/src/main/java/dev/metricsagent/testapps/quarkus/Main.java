package dev.metricsagent.testapps.quarkus;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Takes {@code --port N --host H} as the other stacks' test apps do ({@code scripts/bench}), as
 * {@code quarkus.http.port} and {@code quarkus.http.host}; without them, application.properties
 * and {@code -D} options decide.
 */
@QuarkusMain
public class Main {
  public static void main(String... args) {
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--port")) {
        System.setProperty("quarkus.http.port", args[i + 1]);
      } else if (args[i].equals("--host")) {
        System.setProperty("quarkus.http.host", args[i + 1]);
      }
    }
    Quarkus.run(args);
  }
}
