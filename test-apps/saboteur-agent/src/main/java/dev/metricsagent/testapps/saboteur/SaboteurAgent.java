package dev.metricsagent.testapps.saboteur;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A test agent, given after the metrics agent ({@code -javaagent:metrics-agent.jar
 * -javaagent:saboteur-agent.jar}), that replaces the bridge's recorder with one that always
 * throws, so tests can check a failing recorder never harms the host. Reflection only: no
 * dependency on the agent.
 *
 * <p>The metrics agent builds its recorder on its own thread and then starts its exporter, which
 * publishes {@value #ACTIVE_PORT} once serving: the replacement waits for that, so it comes after
 * the agent's own recorder, and prints a line tests wait for before sending requests.
 */
public final class SaboteurAgent {
  private SaboteurAgent() {}

  static final String ACTIVE_PORT = "dev.metricsagent.active.port";

  public static void premain(String args, Instrumentation inst) {
    Thread t =
        new Thread(
            () -> {
              try {
                while (System.getProperty(ACTIVE_PORT) == null) {
                  Thread.sleep(10);
                }
                replaceRecorder();
              } catch (Exception e) {
                System.err.println("saboteur: could not replace the recorder: " + e);
              }
            },
            "saboteur");
    t.setDaemon(true);
    t.start();
  }

  private static void replaceRecorder() throws Exception {
    Class<?> recorders = Class.forName("dev.metricsagent.bridge.Recorders", true, null);
    Class<?> rec = Class.forName("dev.metricsagent.bridge.HttpRecorder", true, null);
    InvocationHandler throwing =
        new InvocationHandler() {
          @Override
          public Object invoke(Object proxy, Method method, Object[] a) {
            String name = method.getName();
            if (method.getDeclaringClass() == Object.class) {
              if ("hashCode".equals(name)) {
                return System.identityHashCode(proxy);
              }
              if ("equals".equals(name)) {
                return proxy == a[0];
              }
              return "saboteur recorder";
            }
            throw new IllegalStateException("saboteur: recording always fails");
          }
        };
    Object proxy =
        Proxy.newProxyInstance(ClassLoader.getSystemClassLoader(), new Class<?>[] {rec}, throwing);
    recorders.getMethod("set", rec).invoke(null, proxy);
    System.err.println("saboteur: recorder replaced");
  }
}
