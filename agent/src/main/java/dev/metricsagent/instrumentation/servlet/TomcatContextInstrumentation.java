package dev.metricsagent.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.RouteEvents;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import net.bytebuddy.asm.Advice;

/**
 * Tomcat 9 to 11: {@code StandardContext.startInternal()}, where a web app starts (deploy,
 * redeploy, reload; embedded Tomcat too). Its listeners, filters and load-on-startup servlets run
 * inside it, and so do the route registrations of the frameworks they start (Spark's {@code
 * SparkFilter}, Jersey's {@code ServletContainer}): those routes are listed under the app's
 * context path. {@code stopInternal()} (undeploy, or the first half of a reload): the routes
 * registered under that path leave the inventory. Uses no servlet type, so one advice serves both
 * APIs.
 */
final class TomcatContextInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return TomcatWebAppModule.STANDARD_CONTEXT;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.optional(named("startInternal").and(takesArguments(0)), ContextStartAdvice.class);
    advice.optional(named("stopInternal").and(takesArguments(0)), ContextStopAdvice.class);
  }

  static final class ContextStartAdvice {
    private ContextStartAdvice() {}

    /** The context's own {@code path} field ({@code ""} for ROOT, {@code /app1}). */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static String enter(@Advice.FieldValue("path") String path) {
      return RouteEvents.webAppStarting(path);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter String previous) {
      RouteEvents.webAppStarted(previous);
    }
  }

  static final class ContextStopAdvice {
    private ContextStopAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.FieldValue("path") String path) {
      RouteEvents.webAppStopped(path);
    }
  }
}
