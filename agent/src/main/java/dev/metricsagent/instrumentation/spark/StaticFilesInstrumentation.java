package dev.metricsagent.instrumentation.spark;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.Requests;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import net.bytebuddy.asm.Advice;

/** {@code StaticFilesConfiguration.consume}: a request answered from static files is {@code static}. */
final class StaticFilesInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return "spark.staticfiles.StaticFilesConfiguration";
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.optional(
        named("consume").and(isPublic()).and(takesArguments(2)).and(returns(boolean.class)),
        ConsumeAdvice.class);
  }

  static final class ConsumeAdvice {
    private ConsumeAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return boolean consumed) {
      if (consumed) {
        Requests.staticResourceServed();
      }
    }
  }
}
