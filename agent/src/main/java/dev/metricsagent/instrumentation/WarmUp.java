package dev.metricsagent.instrumentation;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * A type woven once, on the agent's thread, only to load Byte Buddy's weaving classes before the
 * app's first hooked class needs them; the woven bytes are dropped. Its advice has the shape of
 * the real ones (enter value, exit on throw, suppressed), so the same code paths load.
 */
final class WarmUp implements TypeInstrumentation {
  @Override
  public String typeName() {
    return Target.class.getName();
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(ElementMatchers.named("run"), RunAdvice.class, "run()");
  }

  static final class Target {
    int runs;

    void run() {
      runs++;
    }
  }

  static final class RunAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter long start, @Advice.Thrown Throwable thrown) {
      if (thrown != null && start == 0) {
        Thread.yield();
      }
    }
  }
}
