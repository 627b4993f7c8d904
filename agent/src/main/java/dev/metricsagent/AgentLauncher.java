package dev.metricsagent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The agent jar's Premain-Class, Agent-Class and Main-Class: with {@link AgentClassLoader} the
 * only classes of the agent the app's class path can see. Passes each call on to the real entry
 * point ({@code Agent}, {@code AttachMain}) in the private agent class loader, by reflection so
 * that nothing here links against the hidden classes.
 */
public final class AgentLauncher {
  /**
   * One agent class loader per JVM, shared by {@code -javaagent} and later attaches: a second
   * copy must find the first one's {@code AgentRuntime} (a static there), as it did when both
   * were loaded by the system class loader.
   */
  private static ClassLoader agentLoader;

  private AgentLauncher() {}

  public static void premain(String args, Instrumentation inst) {
    start("premain", args, inst);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start("agentmain", args, inst);
  }

  /** {@code java -jar metrics-agent.jar list | attach <pid>}. */
  public static void main(String[] args) throws Throwable {
    Method main;
    try {
      main = loader().loadClass("dev.metricsagent.attach.AttachMain").getMethod("main", String[].class);
    } catch (Exception e) {
      System.err.println("metrics-agent: cannot load the attach command: " + e);
      System.exit(1);
      return;
    }
    try {
      main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void start(String method, String args, Instrumentation inst) {
    try {
      loader()
          .loadClass("dev.metricsagent.Agent")
          .getMethod(method, String.class, Instrumentation.class)
          .invoke(null, args, inst);
    } catch (Throwable t) {
      // Agent itself never throws: this is the jar or its loader failing. Never fail the app.
      Throwable cause = t instanceof InvocationTargetException ? t.getCause() : t;
      System.err.println(
          "[metrics-agent] ERROR: could not start, the app runs without metrics: " + cause);
    }
  }

  private static synchronized ClassLoader loader() throws Exception {
    if (agentLoader == null) {
      File source =
          new File(AgentLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // A directory is a development build (classes not moved to inst/): run from here.
      agentLoader =
          source.isDirectory()
              ? AgentLauncher.class.getClassLoader()
              : new AgentClassLoader(source, AgentClassLoader.jdkOnlyParent());
    }
    return agentLoader;
  }
}
