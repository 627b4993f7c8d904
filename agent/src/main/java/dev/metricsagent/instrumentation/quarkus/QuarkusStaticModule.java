package dev.metricsagent.instrumentation.quarkus;

import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

/**
 * Quarkus's static resources ({@code META-INF/resources}): Quarkus serves them from a path-less
 * route of its router whose own handler calls a Vert.x {@code StaticHandler} only for a file it
 * knows, else goes on to the next route. The Vert.x module names a route {@code static} when its
 * handler is the {@code StaticHandler} itself; here, where it is called from Quarkus's handler,
 * the request is {@code static} once that handler takes it ({@link StaticHandlerInstrumentation}).
 * Applies only where Quarkus's HTTP layer is.
 */
public final class QuarkusStaticModule implements InstrumentationModule {
  static final String NAME = "quarkus-static";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Collections.<TypeInstrumentation>singletonList(new StaticHandlerInstrumentation());
  }

  @Override
  public String requiredType() {
    return "io.quarkus.vertx.http.runtime.StaticResourcesRecorder";
  }

  @Override
  public List<Reference> references() {
    return Collections.singletonList(
        Reference.method(
            StaticHandlerInstrumentation.CONTEXT, "get", "(Ljava/lang/String;)Ljava/lang/Object;"));
  }
}
