package dev.metricsagent.testapps;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;

/**
 * Launches an app jar in its own class loader whose parent is the platform loader, as app
 * servers and plugin launchers do: the app cannot see the class path this launcher (and a
 * {@code -javaagent} jar) came from.
 *
 * <pre>{@code
 * java -javaagent:metrics-agent.jar -jar plain.jar IsolatedLauncher spark-fixture.jar Main --port 0
 * }</pre>
 */
public final class IsolatedLauncher {
  private IsolatedLauncher() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: IsolatedLauncher <app.jar> <main class> [args...]");
      System.exit(2);
    }
    ClassLoader platform = ClassLoader.getSystemClassLoader().getParent();
    URLClassLoader loader =
        new URLClassLoader(new URL[] {new File(args[0]).toURI().toURL()}, platform);
    Thread.currentThread().setContextClassLoader(loader);
    Class<?> main = Class.forName(args[1], true, loader);
    Method m = main.getMethod("main", String[].class);
    m.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
  }
}
