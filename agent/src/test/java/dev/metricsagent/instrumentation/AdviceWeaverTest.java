package dev.metricsagent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.asm.Advice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole weaving path in process: a module's advice inlined by {@link Instrumenter} into a
 * small class, the woven class defined in a loader of its own and run. What Byte Buddy's {@code
 * Advice} promises, checked on our configuration.
 */
class AdviceWeaverTest {
  private static final String TARGET = Target.class.getName();

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

  /** What the advice calls (visible to the woven class through its parent loader). */
  public static class Rec {
    static final List<String> log = new ArrayList<>();
    static boolean enterThrows;
    static boolean exitThrows;
    static final Object STATE = new Object();

    public static Object enter(int arg) {
      if (enterThrows) {
        throw new RuntimeException("enter");
      }
      log.add("enter " + arg);
      return STATE;
    }

    public static void exit(Object state, Throwable thrown, int returned) {
      log.add("exit state=" + (state == STATE) + " thrown=" + thrown + " returned=" + returned);
      if (exitThrows) {
        throw new RuntimeException("exit");
      }
    }
  }

  static final class TwiceAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) int x) {
      return Rec.enter(x);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter Object state, @Advice.Thrown Throwable thrown, @Advice.Return int returned) {
      Rec.exit(state, thrown, returned);
    }
  }

  /** Reads a field the target does not have: Byte Buddy refuses it while weaving. */
  static final class BrokenAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.FieldValue("noSuchField") Object value) {
      Rec.exit(value, null, 0);
    }
  }

  /** A module for {@link Target}, with the advice and references a test picks. */
  private static InstrumentationModule module(
      String requiredMethod, Class<?> advice, List<Reference> references) {
    TypeInstrumentation type =
        new TypeInstrumentation() {
          @Override
          public String typeName() {
            return TARGET;
          }

          @Override
          public void advise(TypeAdvice a) {
            a.required(named(requiredMethod), advice, requiredMethod + "(int)");
          }
        };
    return new InstrumentationModule() {
      @Override
      public String name() {
        return "test";
      }

      @Override
      public List<TypeInstrumentation> types() {
        return List.of(type);
      }

      @Override
      public List<Reference> references() {
        return references;
      }
    };
  }

  private int errorsBefore;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private PrintStream oldErr;

  @BeforeEach
  void reset() {
    Rec.log.clear();
    Rec.enterThrows = false;
    Rec.exitThrows = false;
    errorsBefore = WeaveErrors.count();
    oldErr = System.err;
    System.setErr(new PrintStream(stderr, true));
  }

  @AfterEach
  void restore() {
    System.setErr(oldErr);
  }

  private static byte[] original() throws Exception {
    try (InputStream in =
        Target.class.getClassLoader().getResourceAsStream(TARGET.replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  /** Weaves {@code module} into a fresh copy of Target; null if nothing was woven. */
  private static byte[] weave(InstrumentationModule module) throws Exception {
    return new Instrumenter(List.of(module))
        .transform(AdviceWeaverTest.class.getClassLoader(), TARGET.replace('.', '/'), null, null,
            original());
  }

  private static Object woven(byte[] bytes) throws Exception {
    ClassLoader parent = AdviceWeaverTest.class.getClassLoader();
    ClassLoader own =
        new ClassLoader(parent) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.equals(TARGET)) {
              synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : defineClass(name, bytes, 0, bytes.length);
              }
            }
            return super.loadClass(name, resolve);
          }
        };
    return own.loadClass(TARGET).getConstructor().newInstance();
  }

  private static Object call(Object target, String method, Object... args) throws Throwable {
    Method m =
        args.length == 0
            ? target.getClass().getMethod(method)
            : target.getClass().getMethod(method, int.class);
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private Object wovenTarget() throws Exception {
    byte[] bytes = weave(module("twice", TwiceAdvice.class, List.of()));
    assertNotNull(bytes, stderr.toString());
    return woven(bytes);
  }

  @Test
  void enterRunsBeforeAndExitAfterWithTheReturnValueKept() throws Throwable {
    Object t = wovenTarget();
    assertEquals(10, call(t, "twice", 5));
    assertEquals(List.of("enter 5", "exit state=true thrown=null returned=10"), Rec.log);
    assertEquals("other", call(t, "other"));
    assertEquals(2, Rec.log.size(), "a method no matcher selects is left alone");
    assertEquals(errorsBefore, WeaveErrors.count());
  }

  @Test
  void anExceptionIsSeenByTheExitAndRethrownUnchanged() throws Throwable {
    Object t = wovenTarget();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> call(t, "twice", -1));
    assertEquals("negative", e.getMessage());
    assertEquals("exit state=true thrown=" + e + " returned=0", Rec.log.get(1));
  }

  @Test
  void theMethodsOwnHandlerRunsFirst() throws Throwable {
    Object t = wovenTarget();
    assertEquals(-1, call(t, "twice", 1));
    assertEquals("exit state=true thrown=null returned=-1", Rec.log.get(1));
  }

  @Test
  void adviceThatThrowsIsSwallowed() throws Throwable {
    Object t = wovenTarget();
    Rec.enterThrows = true;
    assertEquals(6, call(t, "twice", 3));
    assertEquals(List.of("exit state=false thrown=null returned=6"), Rec.log);
    Rec.enterThrows = false;
    Rec.exitThrows = true;
    assertEquals(8, call(t, "twice", 4));
    assertThrows(IllegalStateException.class, () -> call(t, "twice", -2));
  }

  @Test
  void aTypeWithoutTheRequiredMethodIsLeftAloneWithOneWarning() throws Exception {
    InstrumentationModule m = module("absent", TwiceAdvice.class, List.of());
    Instrumenter instrumenter = new Instrumenter(List.of(m));
    for (int i = 0; i < 2; i++) {
      assertNull(
          instrumenter.transform(
              getClass().getClassLoader(), TARGET.replace('.', '/'), null, null, original()));
    }
    String log = stderr.toString();
    assertTrue(log.contains("has no absent(int)"), log);
    assertTrue(log.contains("this framework version is not supported"), log);
    assertEquals(1, log.lines().count(), log);
    assertEquals(errorsBefore, WeaveErrors.count(), "an unsupported version is not an error");
  }

  @Test
  void aMissingReferenceTurnsTheModuleOffBeforeWeaving() throws Exception {
    List<Reference> refs =
        List.of(
            Reference.method(Rec.class.getName(), "enter", "(I)Ljava/lang/Object;"),
            Reference.method(TARGET, "thrice", "(I)I"));
    assertNull(weave(module("twice", TwiceAdvice.class, refs)));
    assertTrue(stderr.toString().contains("has no method " + TARGET + "#thrice(I)I"), stderr.toString());
  }

  @Test
  void presentReferencesPassIncludingInheritedOnes() throws Exception {
    List<Reference> refs =
        List.of(
            Reference.type(TARGET),
            Reference.method(Rec.class.getName(), "exit", "(Ljava/lang/Object;Ljava/lang/Throwable;I)V"),
            Reference.method(TARGET, "hashCode", "()I"), // declared by Object
            Reference.field(Rec.class.getName(), "STATE", "Ljava/lang/Object;"));
    assertNotNull(weave(module("twice", TwiceAdvice.class, refs)), stderr.toString());
  }

  @Test
  void aWeaveThatFailsLeavesTheClassAsItWasAndIsCounted() throws Exception {
    assertNull(weave(module("twice", BrokenAdvice.class, List.of())));
    assertEquals(errorsBefore + 1, WeaveErrors.count());
    assertTrue(stderr.toString().contains(WeaveErrors.LINE_START + TARGET), stderr.toString());
  }
}
