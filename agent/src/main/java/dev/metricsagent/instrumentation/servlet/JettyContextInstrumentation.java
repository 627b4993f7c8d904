package dev.metricsagent.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.RouteEvents;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.server.handler.ContextHandler;

/**
 * Jetty: {@code doStart()} of a context handler, where a web app starts; its listeners, filters
 * and load-on-startup servlets run inside it, and so do the route registrations of the frameworks
 * they start (Spark's {@code SparkFilter}, Jersey's {@code ServletContainer}): those routes are
 * listed under its context path ({@code getContextPath()}, {@code /} for the root, the same
 * method in Jetty 9.4 and 12). {@code doStop()}: the routes registered under that path leave the
 * inventory. The same for each hooked type ({@link JettyWebAppModule}).
 */
final class JettyContextInstrumentation implements TypeInstrumentation {
  private final String typeName;

  JettyContextInstrumentation(String typeName) {
    this.typeName = typeName;
  }

  @Override
  public String typeName() {
    return typeName;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.optional(named("doStart").and(takesArguments(0)), ContextStartAdvice.class);
    advice.optional(named("doStop").and(takesArguments(0)), ContextStopAdvice.class);
  }

  static final class ContextStartAdvice {
    private ContextStartAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static String enter(@Advice.This ContextHandler context) {
      return RouteEvents.webAppStarting(context.getContextPath());
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter String previous) {
      RouteEvents.webAppStarted(previous);
    }
  }

  static final class ContextStopAdvice {
    private ContextStopAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This ContextHandler context) {
      RouteEvents.webAppStopped(context.getContextPath());
    }
  }
}
