package dev.metricsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus client's HTTPServer, as the agent loads it, sets no JVM-wide property and is
 * otherwise the client's: its static initialiser is renamed away, and the server still serves.
 */
class NoJvmWidePropertiesTest {
  private static final String CLIENT_CLASS = "io.prometheus.metrics.exporter.httpserver.HTTPServer";
  private static final String MAX_REQ = "sun.net.httpserver.maxReqTime";
  private static final String MAX_RSP = "sun.net.httpserver.maxRspTime";

  /**
   * What the initialiser does, from the client's jar: only these calls. If a client upgrade adds
   * anything else to it, renaming it away would lose that: this test then fails on purpose.
   */
  @Test
  void theClientsStaticInitialiserOnlySetsTheTwoProperties() throws IOException {
    List<String> calls = new ArrayList<>();
    List<Object> constants = new ArrayList<>();
    new ClassReader(clientBytes())
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String desc, String sig, String[] exceptions) {
                if (!name.equals("<clinit>")) {
                  return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                  @Override
                  public void visitMethodInsn(
                      int op, String owner, String method, String d, boolean itf) {
                    calls.add(owner + "." + method);
                  }

                  @Override
                  public void visitFieldInsn(int op, String owner, String field, String d) {
                    calls.add("field " + owner + "." + field);
                  }

                  @Override
                  public void visitLdcInsn(Object value) {
                    constants.add(value);
                  }
                };
              }
            },
            0);
    assertEquals(
        List.of(
            "java/lang/System.getProperties",
            "java/util/Properties.containsKey",
            "java/lang/System.setProperty",
            "java/lang/System.getProperties",
            "java/util/Properties.containsKey",
            "java/lang/System.setProperty"),
        calls);
    assertEquals(List.of(MAX_REQ, MAX_REQ, "60", MAX_RSP, MAX_RSP, "600"), constants);
  }

  @Test
  void loadedAsTheAgentLoadsItItSetsNothingAndServes() throws Exception {
    byte[] patched = clientBytes();
    assertTrue(AgentClassLoader.removeStaticInit(patched));
    assertFalse(AgentClassLoader.removeStaticInit(patched), "only one");
    String before = System.getProperty(MAX_REQ);
    String beforeRsp = System.getProperty(MAX_RSP);
    System.clearProperty(MAX_REQ); // an earlier test in this JVM may have loaded the client
    System.clearProperty(MAX_RSP);
    try {
      ClassLoader loader = new PatchedClientLoader(patched);
      Class<?> server = Class.forName(CLIENT_CLASS, true, loader);
      assertEquals(loader, server.getClassLoader());
      Object builder = server.getMethod("builder").invoke(null);
      Class<?> b = builder.getClass();
      b.getMethod("hostname", String.class).invoke(builder, "127.0.0.1");
      b.getMethod("port", int.class).invoke(builder, 0);
      Object running = b.getMethod("buildAndStart").invoke(builder);
      try {
        int port = (int) server.getMethod("getPort").invoke(running);
        HttpResponse<String> r =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/healthy"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
      } finally {
        server.getMethod("close").invoke(running);
      }
      assertNull(System.getProperty(MAX_REQ));
      assertNull(System.getProperty(MAX_RSP));
      Method renamed = server.getDeclaredMethod("$clinit$");
      assertTrue(java.lang.reflect.Modifier.isStatic(renamed.getModifiers()));
    } finally {
      restore(MAX_REQ, before);
      restore(MAX_RSP, beforeRsp);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  private static byte[] clientBytes() throws IOException {
    try (InputStream in =
        NoJvmWidePropertiesTest.class
            .getClassLoader()
            .getResourceAsStream(CLIENT_CLASS.replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  /** Child-first for the client's exporter package (the patched HTTPServer with its peers). */
  private static final class PatchedClientLoader extends ClassLoader {
    private final byte[] patched;

    PatchedClientLoader(byte[] patched) {
      super(NoJvmWidePropertiesTest.class.getClassLoader());
      this.patched = patched;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("io.prometheus.metrics.exporter.httpserver.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          byte[] bytes;
          if (name.equals(CLIENT_CLASS)) {
            bytes = patched;
          } else {
            try (InputStream in =
                getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
              bytes = in.readAllBytes();
            } catch (IOException e) {
              throw new ClassNotFoundException(name, e);
            }
          }
          c = defineClass(name, bytes, 0, bytes.length);
        }
        return c;
      }
    }
  }
}
