package dev.metricsagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.instrumentation.javalin.Javalin6Module;
import dev.metricsagent.instrumentation.javalin.Javalin7Module;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/**
 * The two Javalin modules against the real Javalin 6.7.0 and 7.2.3 jars (class files only,
 * nothing loaded): each version is served by exactly one module, which fits it, while the other
 * stays off silently (its required type) though its references would not fit; and every
 * Javalin or servlet member the advice bytecode uses is in its module's references.
 */
class JavalinModulesTest {
  private static final List<InstrumentationModule> MODULES =
      List.of(new Javalin6Module(), new Javalin7Module());

  /** The Javalin 6 jar the build copies for the javalin-6-advice compilation (agent/pom.xml). */
  private static File javalin6() {
    File jar = new File("target/javalin-6/javalin-6.7.0.jar");
    assertTrue(jar.isFile(), jar + " missing: built by mvn -pl agent generate-sources");
    return jar;
  }

  /** Javalin 7: the agent's provided dependency, on the test class path. */
  private static File javalin7() throws Exception {
    return jarOf("io.javalin.Javalin");
  }

  private static File jarOf(String className) throws Exception {
    return new File(
        Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static TypePool pool(File javalin) throws Exception {
    return new TypePool.Default(
        new TypePool.CacheProvider.Simple(),
        new ClassFileLocator.Compound(
            ClassFileLocator.ForJarFile.of(javalin),
            ClassFileLocator.ForJarFile.of(jarOf("jakarta.servlet.http.HttpServletRequest")),
            ClassFileLocator.ForClassLoader.ofBootLoader()),
        TypePool.Default.ReaderMode.FAST);
  }

  @Test
  void javalin6IsServedByTheJavalin6ModuleOnly() throws Exception {
    assertServedBy(pool(javalin6()), Javalin6Module.class);
  }

  @Test
  void javalin7IsServedByTheJavalin7ModuleOnly() throws Exception {
    assertServedBy(pool(javalin7()), Javalin7Module.class);
  }

  private static void assertServedBy(TypePool pool, Class<?> expected) {
    for (InstrumentationModule m : MODULES) {
      boolean serves = ReferenceCheck.applies(m, pool);
      assertEquals(expected == m.getClass(), serves, m.getClass().getSimpleName() + " applies");
      if (serves) {
        assertNull(ReferenceCheck.firstMismatch(m, pool), m.getClass().getSimpleName());
      } else {
        // without its required type this module would not fit: the required type is what keeps it quiet
        assertNotNull(ReferenceCheck.firstMismatch(m, pool), m.getClass().getSimpleName());
      }
    }
  }

  @Test
  void adviceUsesOnlyDeclaredReferences() throws IOException {
    for (InstrumentationModule m : MODULES) {
      Set<String> declared = new HashSet<>();
      for (Reference r : m.references()) {
        declared.add(r.toString());
      }
      Set<String> missing = new TreeSet<>();
      int adviceClasses = 0;
      int uses = 0;
      for (TypeInstrumentation t : m.types()) {
        for (TypeAdvice.Entry e : Instrumenter.adviceOf(t).entries()) {
          adviceClasses++;
          for (Reference used : frameworkMembersUsedBy(e.adviceClass)) {
            uses++;
            if (!declared.contains(used.toString())) {
              missing.add(used.toString());
            }
          }
        }
      }
      assertEquals(8, adviceClasses, m.name());
      assertTrue(uses > 20, "framework members used by the advice: " + uses);
      assertEquals(Set.of(), missing, m.getClass().getSimpleName() + " references lack");
    }
  }

  /** Javalin and servlet methods and fields the advice's bytecode calls or reads. */
  private static List<Reference> frameworkMembersUsedBy(String adviceClass) throws IOException {
    String resource = adviceClass.replace('.', '/') + ".class";
    List<Reference> used = new ArrayList<>();
    try (InputStream in = JavalinModulesTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, "advice class " + adviceClass + " is not built");
      new ClassReader(in)
          .accept(
              new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(
                    int access, String name, String desc, String sig, String[] exceptions) {
                  return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(
                        int op, String owner, String mName, String mDesc, boolean itf) {
                      if (framework(owner)) {
                        used.add(Reference.method(owner.replace('/', '.'), mName, mDesc));
                      }
                    }

                    @Override
                    public void visitFieldInsn(int op, String owner, String fName, String fDesc) {
                      if (framework(owner)) {
                        used.add(Reference.field(owner.replace('/', '.'), fName, fDesc));
                      }
                    }
                  };
                }

                @Override
                public FieldVisitor visitField(
                    int access, String name, String desc, String sig, Object value) {
                  throw new AssertionError(adviceClass + " has a field: " + name);
                }
              },
              ClassReader.SKIP_DEBUG);
    }
    return used;
  }

  private static boolean framework(String owner) {
    return owner.startsWith("io/javalin/") || owner.startsWith("jakarta/");
  }
}
