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
 */
public final class SaboteurAgent {
  private SaboteurAgent() {}

  public static void premain(String args, Instrumentation inst) throws Exception {
    Class<?> bridge = Class.forName("dev.metricsagent.bridge.Bridge", true, null);
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
    bridge.getMethod("setRecorder", rec).invoke(null, proxy);
    System.err.println("saboteur: recorder replaced");
  }
}
