package dev.metricsagent.instrumentation;

import net.bytebuddy.jar.asm.MethodVisitor;

/**
 * Advice as bytecode, written with ASM straight into the hooked method: what Byte Buddy's {@code
 * Advice} would inline, without its machinery (about 650 classes loaded on the app's main thread
 * when the first hooked class loads). {@link Weaver} wraps {@link #enter} and {@link #exit} each in
 * a catch-all (as {@code suppress = Throwable.class}): an exception from the advice never reaches
 * the app. The code may reference only the framework's types, the JDK's and {@link
 * dev.metricsagent.bridge.Bridge} (boot loader): it runs in the framework's class loader.
 */
public abstract class HookAdvice {
  /** True if {@link #enter} leaves a reference on the stack, kept for {@link #exit}. */
  public boolean hasEnter() {
    return false;
  }

  /** True if the exit advice also runs when the method throws (as {@code onThrowable}). */
  public boolean onThrowable() {
    return false;
  }

  /** Pushes the enter value (one reference); on an exception the value is null. */
  public void enter(MethodVisitor mv, Frame f) {}

  /** The exit advice: must leave the stack as it found it. */
  public abstract void exit(MethodVisitor mv, Frame f);

  /** Where the advice finds the method's values, as local variable slots. */
  public interface Frame {
    /** The hooked class's internal name. */
    String owner();

    /** Descriptor of a field the hooked class declares, or null. */
    String fieldDescriptor(String name);

    /** Slot of argument {@code i} (0-based; {@code this} is slot 0 of an instance method). */
    int arg(int i);

    /** Slot of the enter value. */
    int enterValue();

    /** Slot of the return value (normal exit only). */
    int returned();

    /** Slot of the thrown exception, null on a normal exit (with {@link #onThrowable}). */
    int thrown();

    /** Slot of scratch variable {@code i} (0-7), free for the advice. */
    int temp(int i);
  }
}
