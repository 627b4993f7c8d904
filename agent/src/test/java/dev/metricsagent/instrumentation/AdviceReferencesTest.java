package dev.metricsagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each module's declared {@link Reference}s are exactly what its advice uses: every framework
 * type, method and field its bytecode names (and every {@code @Advice.FieldValue}), read from the
 * advice class files. A call added to advice without its reference would skip the check that keeps
 * an unsupported version from failing in the app.
 */
class AdviceReferencesTest {
  static Stream<InstrumentationModule> modules() {
    return Modules.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modules")
  void declaredReferencesAreWhatTheAdviceUses(InstrumentationModule module) throws IOException {
    Set<String> used = new TreeSet<>();
    for (TypeInstrumentation t : module.types()) {
      for (TypeAdvice.Entry e : Instrumenter.adviceOf(t).entries()) {
        collect(e.adviceClass, t.typeName(), used);
      }
    }
    Set<String> declared = new TreeSet<>();
    module.references().forEach(r -> declared.add(r.toString()));
    assertEquals(String.join("\n", used), String.join("\n", declared));
  }

  /** The framework versions the agent compiles against (provided scope) pass the check. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("modules")
  void theModuleFitsTheFrameworkItIsBuiltAgainst(InstrumentationModule module) {
    ClassLoader testClassPath = AdviceReferencesTest.class.getClassLoader();
    TypePool pool = AdviceWeaver.get().typePool(testClassPath);
    if (!ReferenceCheck.applies(module, pool)) {
      // another version line of a framework on the class path (Javalin 6 beside 7): built in its
      // own compilation against that version, and checked against it in JavalinModulesTest
      return;
    }
    assertNull(ReferenceCheck.firstMismatch(module, pool));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modules")
  void referencesAreWrittenInTheFormTheCheckReads(InstrumentationModule module) {
    for (Reference r : module.references()) {
      if (r.descriptor != null) {
        // throws on a malformed descriptor
        if (r.kind == Reference.Kind.METHOD) {
          Type.getMethodType(r.descriptor);
        } else {
          Type.getType(r.descriptor);
        }
      }
    }
  }

  /** Framework members named by the advice class's code; JDK and bridge members are not. */
  private static void collect(String adviceClass, String hookedType, Set<String> into)
      throws IOException {
    byte[] bytes;
    try (InputStream in =
        AdviceReferencesTest.class
            .getClassLoader()
            .getResourceAsStream(adviceClass.replace('.', '/') + ".class")) {
      bytes = in.readAllBytes();
    }
    String fieldValue = Type.getDescriptor(Advice.FieldValue.class);
    new ClassReader(bytes)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String desc, String sig, String[] exceptions) {
                Type[] params = Type.getArgumentTypes(desc);
                return new MethodVisitor(Opcodes.ASM9) {
                  @Override
                  public AnnotationVisitor visitParameterAnnotation(
                      int parameter, String annotation, boolean visible) {
                    if (!annotation.equals(fieldValue)) {
                      return null;
                    }
                    return new AnnotationVisitor(Opcodes.ASM9) {
                      @Override
                      public void visit(String key, Object value) {
                        if (key.equals("value")) {
                          into.add(
                              Reference.field(
                                      hookedType, (String) value, params[parameter].getDescriptor())
                                  .toString());
                        }
                      }
                    };
                  }

                  @Override
                  public void visitMethodInsn(
                      int op, String owner, String name, String desc, boolean itf) {
                    if (framework(owner)) {
                      into.add(Reference.method(binary(owner), name, desc).toString());
                    }
                  }

                  @Override
                  public void visitFieldInsn(int op, String owner, String name, String desc) {
                    if (framework(owner)) {
                      into.add(Reference.field(binary(owner), name, desc).toString());
                    }
                  }

                  @Override
                  public void visitLdcInsn(Object constant) {
                    // a class literal (AsyncListener.class) must resolve too
                    if (constant instanceof Type
                        && ((Type) constant).getSort() == Type.OBJECT
                        && framework(((Type) constant).getInternalName())) {
                      into.add(Reference.type(binary(((Type) constant).getInternalName())).toString());
                    }
                  }

                  @Override
                  public void visitTypeInsn(int op, String type) {
                    if (framework(type)) {
                      into.add(Reference.type(binary(type)).toString());
                    }
                  }
                };
              }
            },
            ClassReader.SKIP_DEBUG);
  }

  private static boolean framework(String internalName) {
    return !internalName.startsWith("java/")
        && !internalName.startsWith("[")
        && !internalName.startsWith("dev/metricsagent/bridge/");
  }

  private static String binary(String internalName) {
    return internalName.replace('/', '.');
  }
}
