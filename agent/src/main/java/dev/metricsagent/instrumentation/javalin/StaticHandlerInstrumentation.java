package dev.metricsagent.instrumentation.javalin;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.Requests;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * Javalin's static file and single-page handlers, hooked alike ({@code boolean handle(Context)},
 * whether it answered; the same in 6 and 7): a request they answer is {@code static}. Optional:
 * without them such requests are {@code unmatched}.
 */
final class StaticHandlerInstrumentation implements TypeInstrumentation {
  private final String typeName;

  private StaticHandlerInstrumentation(String typeName) {
    this.typeName = typeName;
  }

  /** Jetty's and Javalin 7's own resource handler, and the single-page handler. */
  static List<TypeInstrumentation> all() {
    List<TypeInstrumentation> out = new ArrayList<>();
    for (String type :
        Arrays.asList(
            "io.javalin.jetty.JettyResourceHandler",
            "io.javalin.http.staticfiles.JavalinStaticResourceHandler",
            "io.javalin.http.SinglePageHandler")) {
      out.add(new StaticHandlerInstrumentation(type));
    }
    return out;
  }

  @Override
  public String typeName() {
    return typeName;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.optional(
        named("handle")
            .and(isPublic())
            .and(takesArguments(1))
            .and(takesArgument(0, named(JavalinReferences.CONTEXT)))
            .and(returns(boolean.class)),
        StaticFileAdvice.class);
  }

  static final class StaticFileAdvice {
    private StaticFileAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return boolean answered) {
      if (answered) {
        Requests.staticResourceServed();
      }
    }
  }
}
