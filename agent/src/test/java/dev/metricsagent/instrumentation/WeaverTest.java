package dev.metricsagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ASM weaving on its own: what Byte Buddy's {@code Advice} guaranteed, checked directly. */
class WeaverTest {

  /** The woven type: a return value, a throw, its own handler, and a method left alone. */
  public static class Target {
    public int twice(int x) {
      if (x < 0) {
        throw new IllegalStateException("negative");
      }
      try {
        if (x == 1) {
          throw new IllegalArgumentException("one");
        }
      } catch (IllegalArgumentException e) {
        return -1; // the method's own handler still wins
      }
      return x * 2;
    }

    public String other() {
      return "other";
    }
  }

  /** What the advice calls. */
  public static class Rec {
    static final List<String> log = new ArrayList<>();
    static boolean enterThrows;
    static boolean exitThrows;
    static final Object STATE = new Object();

    public static Object enter() {
      if (enterThrows) {
        throw new RuntimeException("enter");
      }
      return STATE;
    }

    public static void exit(Object state, Throwable thrown, int arg) {
      log.add("exit state=" + (state == STATE) + " thrown=" + thrown + " arg=" + arg);
      if (exitThrows) {
        throw new RuntimeException("exit");
      }
    }

    public static void returned(int value) {
      log.add("returned " + value);
      if (exitThrows) {
        throw new RuntimeException("returned");
      }
    }
  }

  private static final String REC = Type.getInternalName(Rec.class);

  /** enter + exit on throw too: {@code Rec.exit(state, thrown, x)}. */
  static final class AroundAdvice extends HookAdvice {
    @Override
    public boolean hasEnter() {
      return true;
    }

    @Override
    public boolean onThrowable() {
      return true;
    }

    @Override
    public void enter(MethodVisitor mv, Frame f) {
      mv.visitMethodInsn(Opcodes.INVOKESTATIC, REC, "enter", "()Ljava/lang/Object;", false);
    }

    @Override
    public void exit(MethodVisitor mv, Frame f) {
      mv.visitVarInsn(Opcodes.ALOAD, f.enterValue());
      mv.visitVarInsn(Opcodes.ALOAD, f.thrown());
      mv.visitVarInsn(Opcodes.ILOAD, f.arg(0));
      mv.visitMethodInsn(
          Opcodes.INVOKESTATIC, REC, "exit", "(Ljava/lang/Object;Ljava/lang/Throwable;I)V", false);
    }
  }

  /** exit on normal return only: {@code Rec.returned(value)}. */
  static final class ReturnAdvice extends HookAdvice {
    @Override
    public void exit(MethodVisitor mv, Frame f) {
      mv.visitVarInsn(Opcodes.ILOAD, f.returned());
      mv.visitMethodInsn(Opcodes.INVOKESTATIC, REC, "returned", "(I)V", false);
    }
  }

  private Object target;
  private Method twice;
  private final List<String> missing = new ArrayList<>();

  @BeforeEach
  void weave() throws Exception {
    Rec.log.clear();
    Rec.enterThrows = false;
    Rec.exitThrows = false;
    String name = Target.class.getName();
    byte[] original;
    try (InputStream in =
        Target.class.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
      original = in.readAllBytes();
    }
    List<Hook> hooks =
        Arrays.asList(
            new Hook(name, (a, n, d) -> n.equals("twice"), new AroundAdvice(), "twice"),
            new Hook(name, (a, n, d) -> n.equals("twice"), new ReturnAdvice(), null),
            new Hook(name, (a, n, d) -> n.equals("absent"), new ReturnAdvice(), "absent()"));
    ClassLoader parent = WeaverTest.class.getClassLoader();
    byte[] woven = Weaver.weave(parent, name, original, hooks, (t, h) -> missing.add(h.required));
    Class<?> c =
        new ClassLoader(parent) {
          Class<?> define() {
            return defineClass(name, woven, 0, woven.length);
          }
        }.define();
    assertTrue(c.getClassLoader() != parent);
    target = c.getConstructor().newInstance();
    twice = c.getMethod("twice", int.class);
  }

  private Object call(int x) throws Throwable {
    try {
      return twice.invoke(target, x);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void returnsTheValueAndRunsBothExits() throws Throwable {
    assertEquals(42, call(21));
    assertEquals(Arrays.asList("returned 42", "exit state=true thrown=null arg=21"), Rec.log);
    assertEquals(Arrays.asList("absent()"), missing);
  }

  @Test
  void theMethodsOwnHandlerStillWins() throws Throwable {
    assertEquals(-1, call(1));
    assertEquals(Arrays.asList("returned -1", "exit state=true thrown=null arg=1"), Rec.log);
  }

  @Test
  void aThrowRunsTheExitAndIsRethrownUnchanged() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> call(-5));
    assertEquals("negative", e.getMessage());
    assertEquals(1, Rec.log.size());
    assertTrue(Rec.log.get(0).startsWith("exit state=true thrown=java.lang.IllegalStateException"));
  }

  @Test
  void exceptionsFromTheAdviceNeverReachTheApp() throws Throwable {
    Rec.enterThrows = true;
    Rec.exitThrows = true;
    assertEquals(8, call(4));
    assertEquals(Arrays.asList("returned 8", "exit state=false thrown=null arg=4"), Rec.log);
    Rec.log.clear();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> call(-1));
    assertSame(IllegalStateException.class, e.getClass());
  }

  @Test
  void aTypeWithoutHookedMethodsIsLeftAlone() throws Exception {
    String name = Rec.class.getName();
    byte[] original;
    try (InputStream in =
        Rec.class.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
      original = in.readAllBytes();
    }
    List<String> warned = new ArrayList<>();
    assertNull(
        Weaver.weave(
            Rec.class.getClassLoader(),
            name,
            original,
            Arrays.asList(new Hook(name, (a, n, d) -> false, new ReturnAdvice(), "x()")),
            (t, h) -> warned.add(t)));
    assertEquals(Arrays.asList(name), warned);
  }
}
