package dev.metricsagent.testapps.micronaut;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.ArrayList;
import java.util.List;

/**
 * A Micronaut 4 app on its Netty server (controllers in this package, static files under {@code
 * /static/**}). Prints {@code micronaut-app listening on http://localhost:<port>} when ready.
 *
 * <pre>
 * java -jar micronaut-app-4.jar --port 0 --host 127.0.0.1
 * </pre>
 */
public class MicronautApp {
  public static void main(String[] args) {
    ApplicationContext context = Micronaut.run(MicronautApp.class, micronautArgs(args));
    EmbeddedServer server = context.getBean(EmbeddedServer.class);
    System.out.println("micronaut-app listening on http://localhost:" + server.getPort());
  }

  /**
   * {@code --port P --host H}, as the demo app takes them (so scripts/bench can start this app
   * too), as Micronaut's properties ({@code 0}: a free port, Micronaut's {@code -1}); other
   * arguments as they are.
   */
  static String[] micronautArgs(String[] args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if ("--port".equals(args[i]) && i + 1 < args.length) {
        String port = args[++i];
        out.add("--micronaut.server.port=" + ("0".equals(port) ? "-1" : port));
      } else if ("--host".equals(args[i]) && i + 1 < args.length) {
        out.add("--micronaut.server.host=" + args[++i]);
      } else {
        out.add(args[i]);
      }
    }
    return out.toArray(new String[0]);
  }
}
