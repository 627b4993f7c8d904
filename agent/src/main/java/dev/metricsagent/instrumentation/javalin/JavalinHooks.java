package dev.metricsagent.instrumentation.javalin;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.metricsagent.bridge.Bridge;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import net.bytebuddy.asm.Advice;

/**
 * The three Javalin types both modules hook, by exact name, with the same methods; only the
 * advice classes differ per version. Advice classes are named by binary name: they are built for
 * Java 11 (Javalin 6) and 17 (Javalin 7), in their own compilations
 * (agent/pom.xml), and the agent's Java 8 classes never link against them.
 */
final class JavalinHooks {
  static final String SERVLET = "io.javalin.http.servlet.JavalinServlet";
  static final String SERVLET_CONTEXT = "io.javalin.http.servlet.JavalinServletContext";
  static final String ROUTER = "io.javalin.router.InternalRouter";
  static final String CONTEXT = "io.javalin.http.Context";
  static final String HANDLER_TYPE = "io.javalin.http.HandlerType";
  static final String ENDPOINT = "io.javalin.router.Endpoint";
  static final String PARSED_ENDPOINT = "io.javalin.router.ParsedEndpoint";
  static final String REQUEST = "jakarta.servlet.http.HttpServletRequest";
  static final String RESPONSE = "jakarta.servlet.http.HttpServletResponse";

  private JavalinHooks() {}

  static final String STRING = "Ljava/lang/String;";
  static final String HANDLER_TYPE_DESC = "Lio/javalin/http/HandlerType;";
  static final String ENDPOINT_DESC = "Lio/javalin/router/Endpoint;";

  /** What the advice of both versions calls (servlet API, {@code Context}, {@code HandlerType}). */
  static List<Reference> commonReferences(Reference... versionSpecific) {
    List<Reference> all =
        new ArrayList<>(
            Arrays.asList(
                Reference.method(REQUEST, "getMethod", "()" + STRING),
                Reference.method(REQUEST, "getHeader", "(" + STRING + ")" + STRING),
                Reference.method(REQUEST, "setAttribute", "(" + STRING + "Ljava/lang/Object;)V"),
                Reference.method(REQUEST, "isAsyncStarted", "()Z"),
                Reference.method(REQUEST, "getAsyncContext", "()Ljakarta/servlet/AsyncContext;"),
                Reference.method(
                    "jakarta.servlet.AsyncContext",
                    "addListener",
                    "(Ljakarta/servlet/AsyncListener;)V"),
                Reference.type("jakarta.servlet.AsyncListener"),
                Reference.method(RESPONSE, "getStatus", "()I"),
                Reference.method(RESPONSE, "isCommitted", "()Z"),
                Reference.method(SERVLET, "getRouter", "()Lio/javalin/router/InternalRouter;"),
                Reference.method(CONTEXT, "method", "()" + HANDLER_TYPE_DESC),
                Reference.method(CONTEXT, "path", "()" + STRING),
                Reference.method(CONTEXT, "contextPath", "()" + STRING),
                Reference.method(HANDLER_TYPE, "isHttpMethod", "()Z"),
                Reference.method(HANDLER_TYPE, "name", "()" + STRING),
                Reference.field(HANDLER_TYPE, "HEAD", HANDLER_TYPE_DESC),
                Reference.field(HANDLER_TYPE, "GET", HANDLER_TYPE_DESC)));
    all.addAll(Arrays.asList(versionSpecific));
    return all;
  }

  /** {@code JavalinServlet}: the request ({@code handle}; a {@code ctx.future} ends later). */
  static TypeInstrumentation servlet(final AdviceClasses advice) {
    return new TypeInstrumentation() {
      @Override
      public String typeName() {
        return SERVLET;
      }

      @Override
      public void advise(TypeAdvice a) {
        a.required(
                named("handle")
                    .and(isPublic())
                    .and(takesArguments(2))
                    .and(takesArgument(0, named(REQUEST)))
                    .and(takesArgument(1, named(RESPONSE))),
                advice.handle(),
                "Context handle(HttpServletRequest, HttpServletResponse)");
      }
    };
  }

  /** {@code JavalinServletContext.update(...)}: the handler about to run names the request. */
  static TypeInstrumentation servletContext(
      final String firstArgument, final String describedAs, final AdviceClasses advice) {
    return new TypeInstrumentation() {
      @Override
      public String typeName() {
        return SERVLET_CONTEXT;
      }

      @Override
      public void advise(TypeAdvice a) {
        a.required(
            named("update")
                .and(not(isStatic()))
                .and(takesArguments(2))
                .and(takesArgument(0, named(firstArgument))),
            advice.update(),
            describedAs);
      }
    };
  }

  /** {@code InternalRouter.addHttpEndpoint(Endpoint)}: the route inventory. */
  static TypeInstrumentation router(final AdviceClasses advice) {
    return new TypeInstrumentation() {
      @Override
      public String typeName() {
        return ROUTER;
      }

      @Override
      public void advise(TypeAdvice a) {
        a.optional(
            named("addHttpEndpoint").and(takesArguments(1)).and(takesArgument(0, named(ENDPOINT))),
            advice.addEndpoint());
      }
    };
  }

  /**
   * Javalin's static file and single-page handlers ({@code handle(Context)} returning whether it
   * answered; the same in 6 and 7, Jetty's and Javalin 7's own resource handler): a request they
   * answer is {@code static}. Optional: without them such requests are {@code unmatched}.
   */
  static List<TypeInstrumentation> staticFiles() {
    List<TypeInstrumentation> out = new ArrayList<>();
    for (final String type :
        Arrays.asList(
            "io.javalin.jetty.JettyResourceHandler",
            "io.javalin.http.staticfiles.JavalinStaticResourceHandler",
            "io.javalin.http.SinglePageHandler")) {
      out.add(
          new TypeInstrumentation() {
            @Override
            public String typeName() {
              return type;
            }

            @Override
            public void advise(TypeAdvice a) {
              a.optional(
                  named("handle")
                      .and(isPublic())
                      .and(takesArguments(1))
                      .and(takesArgument(0, named(CONTEXT)))
                      .and(returns(boolean.class)),
                  StaticFileAdvice.class);
            }
          });
    }
    return out;
  }

  /** Calls only the bridge: built with the agent for Java 8, like Spark's advice. */
  static final class StaticFileAdvice {
    private StaticFileAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return boolean answered) {
      if (answered) {
        Bridge.staticResourceServed();
      }
    }
  }

  /** One version's advice: {@code <advice class>$Handle}, {@code $Update}, {@code $AddEndpoint}. */
  static final class AdviceClasses {
    private final String adviceClass;

    AdviceClasses(String adviceClass) {
      this.adviceClass = adviceClass;
    }

    String handle() {
      return adviceClass + "$Handle";
    }

    String update() {
      return adviceClass + "$Update";
    }

    String addEndpoint() {
      return adviceClass + "$AddEndpoint";
    }
  }
}
