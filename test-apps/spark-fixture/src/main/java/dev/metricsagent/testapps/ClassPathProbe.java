package dev.metricsagent.testapps;

import static spark.Spark.awaitInitialization;
import static spark.Spark.get;
import static spark.Spark.ipAddress;
import static spark.Spark.port;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;

/**
 * Looks at its own class path view for the agent's classes and resources, the way an app (or a
 * framework scanning the class path) would: through the system class loader, the thread context
 * loader and {@code Class.forName}. Then serves one Spark route, so the test can see the agent
 * still works, and {@code GET /view} repeats the probe (after an attach, say).
 *
 * <pre>{@code
 * java -javaagent:metrics-agent.jar -cp spark-fixture.jar dev.metricsagent.testapps.ClassPathProbe \
 *     <port> dev.metricsagent.core.HttpMetrics META-INF/licenses/ASM ...
 * # stdout: one "probe: <verdict> <kind> <name> via <loader>" line per look, then
 * #         probe listening on http://localhost:<port>
 * }</pre>
 *
 * <p>Names with a '/' are resources, the rest classes; for a class its {@code .class} resource is
 * looked up too. Verdicts: {@code visible} or {@code hidden}.
 */
public final class ClassPathProbe {
  private ClassPathProbe() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    final List<String> names = Arrays.asList(args).subList(1, args.length);
    for (String line : probe(names)) {
      System.out.println(line);
    }
    ipAddress("127.0.0.1");
    port(port);
    get("/hello", (req, res) -> "hello");
    get("/view", (req, res) -> String.join("\n", probe(names)) + "\n");
    awaitInitialization();
    System.out.println("probe listening on http://localhost:" + spark.Spark.port());
    System.out.flush();
  }

  static List<String> probe(List<String> names) {
    List<String> out = new ArrayList<String>();
    ClassLoader system = ClassLoader.getSystemClassLoader();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    for (String name : names) {
      if (name.indexOf('/') >= 0) {
        resource(out, name, "system", system);
        resource(out, name, "context", context);
        continue;
      }
      out.add(line(loads(name, system, false), "class", name, "system"));
      out.add(line(loads(name, context, false), "class", name, "context"));
      out.add(line(loads(name, null, true), "class", name, "Class.forName"));
      String file = name.replace('.', '/') + ".class";
      resource(out, file, "system", system);
      resource(out, file, "context", context);
    }
    return out;
  }

  private static boolean loads(String name, ClassLoader loader, boolean forName) {
    try {
      if (forName) {
        Class.forName(name, false, ClassPathProbe.class.getClassLoader());
      } else {
        loader.loadClass(name);
      }
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    } catch (LinkageError e) {
      return true; // found, if broken
    }
  }

  private static void resource(List<String> out, String name, String via, ClassLoader loader) {
    boolean found = loader.getResource(name) != null;
    try {
      Enumeration<URL> all = loader.getResources(name);
      found |= all.hasMoreElements();
    } catch (IOException e) {
      out.add("probe: error resource " + name + " via " + via + ": " + e);
    }
    out.add(line(found, "resource", name, via));
  }

  private static String line(boolean visible, String kind, String name, String via) {
    return "probe: " + (visible ? "visible" : "hidden") + " " + kind + " " + name + " via " + via;
  }
}
