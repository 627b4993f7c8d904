package dev.metricsagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.metricsagent.instrumentation.jaxrs.JaxrsModule;
import dev.metricsagent.instrumentation.spring.SpringModule;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * The Spring and JAX-RS modules declare exactly the framework members their advice calls: read
 * from the advice's bytecode (every call, field read and type test outside the JDK and the
 * bridge), compared with {@code references()}. A member the list lacks would skip the check
 * before weaving; one it lists but no advice uses could turn the module off for nothing.
 */
class Issue16AdviceReferencesTest {
  @Test
  void springReferencesAreWhatItsAdviceCalls() throws IOException {
    assertEquals(
        declared(new SpringModule()),
        used(
            "spring/DispatcherGetHandlerAdvice",
            "spring/ResourceHandlerAdvice",
            "spring/SpringEntryAdvice",
            "spring/RouteTableAdvice"));
  }

  @Test
  void jaxrsReferencesAreWhatItsAdviceCalls() throws IOException {
    assertEquals(
        declared(new JaxrsModule()),
        used("jaxrs/JerseyHandleAdvice", "jaxrs/JerseyResponderAdvice", "jaxrs/JerseyStartupAdvice"));
  }

  private static Set<String> declared(InstrumentationModule module) {
    Set<String> out = new TreeSet<>();
    for (Reference r : module.references()) {
      out.add(r.toString());
    }
    return out;
  }

  /** The advice's framework references, as {@link Reference#toString()} writes them. */
  private static Set<String> used(String... advice) throws IOException {
    Set<String> members = new TreeSet<>();
    Set<String> typeTests = new HashSet<>();
    for (String a : advice) {
      String resource = "/dev/metricsagent/instrumentation/" + a + ".class";
      try (InputStream in = Issue16AdviceReferencesTest.class.getResourceAsStream(resource)) {
        assertNotNull(in, resource);
        new ClassReader(in).accept(new Collector(members, typeTests), ClassReader.SKIP_DEBUG);
      }
    }
    for (String t : typeTests) {
      members.add("type " + t); // a type the advice tests or casts to is listed as a type
    }
    return members;
  }

  private static boolean framework(String internalName) {
    return !internalName.startsWith("java/")
        && !internalName.startsWith("dev/metricsagent/")
        && !internalName.startsWith("net/bytebuddy/")
        && !internalName.startsWith("[");
  }

  private static final class Collector extends ClassVisitor {
    private final Set<String> members;
    private final Set<String> typeTests;

    Collector(Set<String> members, Set<String> typeTests) {
      super(Opcodes.ASM9);
      this.members = members;
      this.typeTests = typeTests;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public void visitMethodInsn(
            int opcode, String owner, String name, String descriptor, boolean isInterface) {
          if (framework(owner)) {
            members.add("method " + owner.replace('/', '.') + "#" + name + descriptor);
          }
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
          if (framework(owner)) {
            members.add("field " + owner.replace('/', '.') + "#" + name + descriptor);
          }
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
          if ((opcode == Opcodes.CHECKCAST || opcode == Opcodes.INSTANCEOF) && framework(type)) {
            typeTests.add(type.replace('/', '.'));
          }
        }
      };
    }
  }

}
