package dev.metricsagent.instrumentation.quarkus;

import dev.metricsagent.instrumentation.InstrumentationModule;
import dev.metricsagent.instrumentation.Reference;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Quarkus's own router: its HTTP server's request handler is Quarkus's, not the router, so the
 * Vert.x module's listen hook does not see it. Its Vert.x routes (reactive routes, {@code
 * /q/metrics}, Quarkus's {@code /}) are listed into the route inventory when Quarkus has
 * finished the router, before its server listens ({@link FinalizeRouterInstrumentation}), by the
 * Vert.x module's lister: with the templates requests get, under {@code quarkus.http.root-path}.
 * After an attach they are listed at the first request, as on Vert.x Web. Applies wherever
 * Quarkus's HTTP layer is, with Quarkus REST or without.
 *
 * <p>The advice references Quarkus 3 types and is compiled for Java 17; this class stays Java 8.
 */
public final class QuarkusRouterModule implements InstrumentationModule {
  static final String NAME = "quarkus-router";

  static final String RECORDER = "io.quarkus.vertx.http.runtime.VertxHttpRecorder";
  static final String RUNTIME_VALUE = "io.quarkus.runtime.RuntimeValue";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TypeInstrumentation> types() {
    return Collections.<TypeInstrumentation>singletonList(new FinalizeRouterInstrumentation());
  }

  @Override
  public String requiredType() {
    return RECORDER;
  }

  @Override
  public List<Reference> references() {
    return Arrays.asList(
        Reference.type(RUNTIME_VALUE),
        Reference.method(RUNTIME_VALUE, "getValue", "()Ljava/lang/Object;"));
  }
}
